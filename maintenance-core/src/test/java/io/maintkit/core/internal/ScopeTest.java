package io.maintkit.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The schemas and relations an inspection looks at, the same for every SQL engine. */
class ScopeTest {

    @Test
    void aPatternWithoutADotMatchesNamesAndOneWithADotMatchesQualifiedNames() {
        Scope scope = Scope.ALL.excluding("tmp_*", "audit.log_?");
        assertThat(scope.excludes("public", "tmp_import")).isTrue();
        assertThat(scope.excludes("audit", "log_1")).isTrue();
        assertThat(scope.excludes("audit", "log_10")).isFalse();
        assertThat(scope.excludes("public", "log_1")).isFalse();
        assertThat(scope.excludes("public", "orders")).isFalse();
    }

    @Test
    void patternCharactersOtherThanWildcardsAreLiteral() {
        Scope scope = Scope.ALL.excluding("a.b+c");
        assertThat(scope.excludes("a", "b+c")).isTrue();
        assertThat(scope.excludes("a", "bbc")).isFalse();
    }

    @Test
    void includedSchemasAndTheEnginesOwnSchemasDecideWhatIsLookedAt() {
        Scope mysql = Scope.ALL.withSystemSchemas("mysql", "sys").excluding("*_old");
        assertThat(mysql.includes("shop", "orders")).isTrue();
        assertThat(mysql.includes("mysql", "user")).isFalse();
        assertThat(mysql.includes("shop", "orders_old")).isFalse();
        Scope limited = mysql.withSchemas("billing");
        assertThat(limited.includes("shop", "orders")).isFalse();
        assertThat(limited.includes("billing", "invoices")).isTrue();
        assertThat(limited.includes("billing", "invoices_old")).as("exclusions kept").isFalse();
        assertThat(limited.withSchemas("mysql").includes("mysql", "user")).as("system schemas kept").isFalse();
        assertThat(limited.schemaArray()).containsExactly("billing");
    }
}
