/**
 * A Jackson 2 module for maintkit's results: register {@link io.maintkit.jackson.MaintkitModule} on an
 * {@code ObjectMapper} to write findings, results, plans and execution reports as stable JSON.
 */
module io.maintkit.jackson {
    requires transitive io.maintkit.core;
    requires transitive com.fasterxml.jackson.databind;

    exports io.maintkit.jackson;
}
