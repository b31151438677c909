package io.maintkit.certs;

import io.maintkit.core.Finding;
import io.maintkit.core.Report;

import java.util.List;

/** Findings reduced to what a test compares: {@code SEVERITY kind subject}. */
final class FindingsAssert {

    private FindingsAssert() {
    }

    static List<String> brief(Report report) {
        return brief(report.findings());
    }

    static List<String> brief(List<Finding> findings) {
        return findings.stream().map(FindingsAssert::brief).toList();
    }

    static String brief(Finding f) {
        return f.severity() + " " + f.kind() + " " + f.subject();
    }
}
