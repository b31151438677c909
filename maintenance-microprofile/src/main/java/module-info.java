/**
 * MicroProfile Health checks from maintkit checks and suites: {@link io.maintkit.microprofile.MaintkitHealthCheck}.
 */
module io.maintkit.microprofile {
    requires transitive io.maintkit.core;
    requires transitive microprofile.health.api;

    exports io.maintkit.microprofile;
}
