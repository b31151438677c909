/**
 * What maintkit's Spring Boot 3 and Spring Boot 4 adapters share: {@link io.maintkit.spring.CheckRuns} (the last
 * completed run of every check), {@link io.maintkit.spring.MaintkitMetrics},
 * {@link io.maintkit.spring.MaintkitProperties} and {@link io.maintkit.spring.MaintkitConfiguration}. Hosts depend
 * on {@code maintenance-spring-boot3} or
 * {@code maintenance-spring-boot4}, which bring this module.
 */
open module io.maintkit.spring {
    requires transitive io.maintkit.core;
    requires static transitive spring.beans;
    requires static transitive spring.context;
    requires static transitive spring.core;
    requires static transitive spring.boot;
    requires static transitive spring.boot.autoconfigure;
    requires static transitive micrometer.core;

    exports io.maintkit.spring;
}
