package io.maintkit.examples;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module boundaries of {@code DESIGN.md}, checked over the compiled classes of every published module: engine
 * modules never depend on each other, the backup module (the restore-test SPI and the backup file formats) depends
 * on no engine module while engine modules may implement its SPI, no module reaches into another's
 * {@code .internal} package (core's is shared), and core depends on the JDK and SLF4J only.
 */
class ArchitectureTest {

    private static final List<String> ENGINES = List.of("postgres", "mysql", "redis", "certs");
    private static final String BACKUP = "backup";
    private static final List<String> MODULES = List.of("postgres", "mysql", "redis", "certs", BACKUP);

    private static JavaClasses published;

    @BeforeAll
    static void importPublishedModules() {
        published = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.maintkit.core", "io.maintkit.postgres", "io.maintkit.mysql", "io.maintkit.redis",
                        "io.maintkit.certs", "io.maintkit.backup", "io.maintkit.runbook", "io.maintkit.shedlock");
    }

    @Test
    void engineModulesNeverDependOnEachOther() {
        for (String engine : ENGINES) {
            String[] others = ENGINES.stream().filter(e -> !e.equals(engine))
                    .map(e -> "io.maintkit." + e + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage("io.maintkit." + engine + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .because("engine modules share code only through maintenance-core")
                    .check(published);
        }
    }

    @Test
    void theBackupModuleDependsOnNoEngineModule() {
        noClasses().that().resideInAPackage("io.maintkit." + BACKUP + "..")
                .should().dependOnClassesThat().resideInAnyPackage(ENGINES.stream()
                        .map(e -> "io.maintkit." + e + "..").toArray(String[]::new))
                .because("engine-specific code lives in its engine's module; backup holds SPIs and file formats")
                .check(published);
    }

    @Test
    void engineModulesMayImplementTheBackupSpi() {
        // The restore tests of maintenance-postgres and maintenance-mysql implement backup's SPI: allowed.
        assertThat(published.getPackage("io.maintkit.postgres").getClassDependenciesFromThisPackageTree())
                .anyMatch(d -> d.getTargetClass().getPackageName().equals("io.maintkit." + BACKUP));
    }

    @Test
    void noModuleReachesIntoAnotherModulesInternals() {
        for (String engine : MODULES) {
            noClasses().that().resideOutsideOfPackage("io.maintkit." + engine + "..")
                    .should().dependOnClassesThat().resideInAPackage("io.maintkit." + engine + ".internal..")
                    .because(".internal packages are not API")
                    .check(published);
        }
    }

    @Test
    void noEngineDependsOnTheRunbookOrTheShedLockAdapter() {
        noClasses().that().resideInAnyPackage(ENGINES.stream().map(e -> "io.maintkit." + e + "..")
                        .toArray(String[]::new))
                .should().dependOnClassesThat().resideInAnyPackage("io.maintkit.runbook..", "io.maintkit.shedlock..")
                .because("the standard runbook and the adapters build on the engines, never the other way round")
                .check(published);
    }

    @Test
    void coreDependsOnTheJdkAndSlf4jOnly() {
        noClasses().that().resideInAPackage("io.maintkit.core..")
                .should().dependOnClassesThat().resideOutsideOfPackages("java..", "javax..", "org.slf4j..",
                        "io.maintkit.core..")
                .because("maintenance-core depends on slf4j-api only")
                .check(published);
    }

    @Test
    void corePackagesAreImported() {
        // Guards the rules above against an import that finds nothing and so checks nothing.
        assertThat(published.containPackage("io.maintkit.core")).isTrue();
        assertThat(published.containPackage("io.maintkit.postgres")).isTrue();
        assertThat(published.containPackage("io.maintkit.runbook")).isTrue();
        assertThat(published.containPackage("io.maintkit.shedlock")).isTrue();
    }
}
