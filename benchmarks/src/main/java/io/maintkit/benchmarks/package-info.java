/**
 * Benchmarks. Each prints its figure beside a baseline measured in the same run, and the command that made it.
 *
 * <p>The core JMH benchmarks ({@link io.maintkit.benchmarks.RetentionPolicyBenchmark},
 * {@link io.maintkit.benchmarks.SuiteBenchmark}) run from the shaded jar:
 * <pre>
 * ./mvnw -q -pl benchmarks -am package -DskipTests &amp;&amp; java -jar benchmarks/target/benchmarks.jar
 * </pre>
 *
 * <p>The benchmark mains over real files, endpoints and tools run through {@code exec:java} from the repository's
 * root, {@code -Dexec.args} carrying their arguments:
 * <pre>
 * ./mvnw -q -pl benchmarks -am package exec:java -DskipTests -Dexec.mainClass=io.maintkit.benchmarks.TlsEndpointsBenchmark
 * ./mvnw -q -pl benchmarks -am package exec:java -DskipTests -Dexec.mainClass=io.maintkit.benchmarks.PemDirectoryBenchmark
 * ./mvnw -q -pl benchmarks -am package exec:java -DskipTests -Dexec.mainClass=io.maintkit.benchmarks.GzipVerifyBenchmark -Dexec.args="512"
 * </pre>
 * <ul>
 *   <li>{@link io.maintkit.benchmarks.TlsEndpointsBenchmark}: 200 TLS endpoints on loopback, served by a child JVM,
 *       against a sequential {@code openssl s_client} loop over the same endpoints.</li>
 *   <li>{@link io.maintkit.benchmarks.PemDirectoryBenchmark}: a directory of 10,000 PEM chains against a sequential
 *       {@code openssl x509 -enddate} loop.</li>
 *   <li>{@link io.maintkit.benchmarks.GzipVerifyBenchmark}: verifying a large gzip backup (SHA-256 and a full inflate)
 *       against {@code sha256sum} and {@code gzip -t} on the same file.</li>
 * </ul>
 */
package io.maintkit.benchmarks;
