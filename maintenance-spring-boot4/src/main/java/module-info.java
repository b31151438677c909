/**
 * maintkit for Spring Boot 4 (4.0): {@link io.maintkit.spring.boot4.MaintkitAutoConfiguration}.
 */
open module io.maintkit.spring.boot4 {
    requires transitive io.maintkit.spring;
    requires static transitive spring.beans;
    requires static transitive spring.context;
    requires static transitive spring.boot;
    requires static transitive spring.boot.autoconfigure;
    requires static transitive spring.boot.health;

    exports io.maintkit.spring.boot4;
}
