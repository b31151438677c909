package io.maintkit.core;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

class FindingsTest {

    static final Finding UNUSED = Finding.of("postgres.indexes", "unused-index", "reporting.daily_idx",
            Severity.WARNING, "unused index");
    static final Finding DUPLICATE = Finding.of("postgres.indexes", "duplicate-index", "public.orders_again",
            Severity.WARNING, "duplicate");
    static final Finding AUDIT = Finding.of("postgres.table-bloat", "table-bloat", "public.audit_2024",
            Severity.CRITICAL, "bloat");
    static final Finding PEM = Finding.of("certs.expiry", "expires-soon", "/etc/ssl/a*b?.pem#0",
            Severity.INFO, "expires in 40d");
    static final List<Finding> ALL = List.of(UNUSED, DUPLICATE, AUDIT, PEM);

    static List<Finding> matching(Predicate<Finding> p) {
        return ALL.stream().filter(p).toList();
    }

    @Test
    void exclusionsComposeByCheckKindSubjectAndSchema() {
        assertThat(matching(Findings.ofCheck("postgres.indexes"))).containsExactly(UNUSED, DUPLICATE);
        assertThat(matching(Findings.ofKind("unused-index", "table-bloat"))).containsExactly(UNUSED, AUDIT);
        assertThat(matching(Findings.inSchema("public"))).containsExactly(DUPLICATE, AUDIT);
        assertThat(matching(Findings.ofKind("unused-index").and(Findings.inSchema("reporting"))
                .or(Findings.aboutSubject("public.audit_*")))).containsExactly(UNUSED, AUDIT);
        assertThat(matching(Findings.atLeast(Severity.WARNING).negate())).containsExactly(PEM);
    }

    @Test
    void subjectGlobsTreatEverythingButStarAndQuestionMarkLiterally() {
        assertThat(matching(Findings.aboutSubject("public.orders_agai?"))).containsExactly(DUPLICATE);
        assertThat(matching(Findings.aboutSubject("public.*"))).containsExactly(DUPLICATE, AUDIT);
        assertThat(matching(Findings.aboutSubject("/etc/ssl/a*b?.pem#0"))).containsExactly(PEM);
        assertThat(matching(Findings.aboutSubject("public.orders"))).isEmpty();
        assertThat(matching(Findings.aboutSubject("reporting.daily.idx"))).isEmpty();
    }
}
