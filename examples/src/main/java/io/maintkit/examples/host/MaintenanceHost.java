package io.maintkit.examples.host;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.maintkit.core.DataSize;
import io.maintkit.core.Runbook;
import io.maintkit.core.Suite;
import io.maintkit.core.Threshold;
import io.maintkit.mysql.MysqlHealth;
import io.maintkit.postgres.BloatInspector;
import io.maintkit.postgres.BloatThresholds;
import io.maintkit.postgres.PostgresHealth;
import io.maintkit.redis.RedisHealth;
import io.maintkit.runbook.StandardRunbook;
import io.maintkit.spring.MaintkitProperties;
import io.maintkit.testkit.TestEngines;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.time.ZoneId;
import javax.sql.DataSource;

/**
 * A host application with maintkit's Spring Boot 3 adapter: an orders database on PostgreSQL, a catalog on MariaDB
 * and a cache on Redis (the test kit's embedded engines), whose health suites are the children of
 * {@code /actuator/health/maintkit} and whose findings are in {@code /actuator/prometheus}, refreshed and run on
 * Spring's own scheduler ({@code application.properties} sets the {@code maintkit.*} properties).
 *
 * <p>Run it with {@code ./mvnw -q -pl examples -am package exec:java -DskipTests
 * -Dexec.mainClass=io.maintkit.examples.host.MaintenanceHost}, then open {@code http://localhost:8080/actuator/health}.
 */
@SpringBootApplication
@EnableScheduling
public class MaintenanceHost {

    /** The zone of the runbook's schedule. */
    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

    /** Used by Spring. */
    public MaintenanceHost() {
    }

    /** Starts the host on port 8080 (or {@code --server.port=...}). */
    public static void main(String[] args) {
        SpringApplication.run(MaintenanceHost.class, args);
    }

    /** The orders database: a fresh PostgreSQL database on the test kit's engine. */
    @Bean
    DataSource orders() {
        return TestEngines.postgres().createDatabase("maintkit_host_orders");
    }

    /** The catalog database: a fresh MariaDB database on the test kit's engine. */
    @Bean
    DataSource catalog() {
        return TestEngines.mariadb().createDatabase("maintkit_host_catalog");
    }

    /** The cache: the test kit's Redis. */
    @Bean(destroyMethod = "shutdown")
    RedisClient cache() {
        return RedisClient.create(RedisURI.create(TestEngines.redis().uri()));
    }

    /**
     * Every PostgreSQL check of the orders database; the bloat limits come from the
     * {@code maintkit.checks.postgres.table-bloat.{percent,size}.{warning,critical}} properties.
     */
    @Bean
    Suite ordersHealth(@Qualifier("orders") DataSource orders, MaintkitProperties properties) {
        BloatThresholds bloat = new BloatThresholds(Threshold.both(
                properties.threshold(BloatInspector.ID, "percent", BloatThresholds.DEFAULT.limits().first()),
                properties.threshold(BloatInspector.ID, "size", BloatThresholds.DEFAULT.limits().second())));
        return PostgresHealth.on(orders).target("orders")
                .bloat(b -> b.minimumSize(DataSize.ofMegabytes(1)).thresholds(bloat))
                .suite();
    }

    /** Every MariaDB check of the catalog database. */
    @Bean
    Suite catalogHealth(@Qualifier("catalog") DataSource catalog) {
        return MysqlHealth.on(catalog).target("catalog").suite();
    }

    /** Every Redis check of the cache. */
    @Bean
    Suite cacheHealth(RedisClient cache) {
        return RedisHealth.on(cache).target("cache").suite();
    }

    /**
     * What runs when: the standard runbook of the three engines (health daily; vacuum, optimize and the keyspace
     * audit weekly inside the Sunday night window); with {@code maintkit.runbook.schedule.enabled=true} its tiers run
     * on Spring's scheduler.
     */
    @Bean
    Runbook runbook(@Qualifier("orders") DataSource orders, @Qualifier("catalog") DataSource catalog,
                    RedisClient cache) {
        return StandardRunbook.on().postgres(orders).mysql(catalog).redis(cache).zone(ZONE).runbook();
    }
}
