/**
 * JMH benchmarks. Each benchmark class pairs the figure with a baseline measured in the same run; run them with
 * {@code ./mvnw -q -pl benchmarks -am package -DskipTests && java -jar benchmarks/target/benchmarks.jar}, which
 * prints each figure beside its baseline.
 */
package io.maintkit.benchmarks;
