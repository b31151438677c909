/**
 * maintkit for Spring Boot 3 (3.5): {@link io.maintkit.spring.boot3.MaintkitAutoConfiguration}.
 */
open module io.maintkit.spring.boot3 {
    requires transitive io.maintkit.spring;
    requires static transitive spring.beans;
    requires static transitive spring.context;
    requires static transitive spring.boot;
    requires static transitive spring.boot.autoconfigure;
    requires static transitive spring.boot.actuator;

    exports io.maintkit.spring.boot3;
}
