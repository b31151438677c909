/**
 * AssertJ assertions over maintkit's reports, results and plans, and a JUnit 5 extension for baselines of accepted
 * findings: for the test suites of applications that assert their databases' health.
 */
module io.maintkit.test {
    requires transitive io.maintkit.core;
    requires transitive org.assertj.core;
    requires transitive org.junit.jupiter.api;

    exports io.maintkit.test;
}
