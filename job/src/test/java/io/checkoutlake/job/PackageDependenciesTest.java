package io.checkoutlake.job;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Dependencies run one way: functions, then the job's packages, then the job root ({@code
 * CheckoutLakeJob}, {@code BackfillRunner}, {@code CheckoutLakeMain}). A package cycle means
 * neither side can be read, tested or moved without the other.
 *
 * <p>Checked on the compiled classes, so a constant that javac inlines (a {@code static final}
 * String such as a uid) is not a dependency here.
 */
class PackageDependenciesTest {
    private static final String FUNCTIONS = "io.checkoutlake.functions..";
    private static final String JOB = "io.checkoutlake.job..";
    private static final String JOB_ROOT = "io.checkoutlake.job";

    private static final JavaClasses MAIN =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("io.checkoutlake.functions", "io.checkoutlake.job");

    @Test
    void packagesOfFunctionsAndJobAreFreeOfCycles() {
        // (**) captures the whole package name: each package is a slice of its own, the job root
        // included.
        slices().matching("io.checkoutlake.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void functionsNeverDependsOnJob() {
        noClasses()
                .that()
                .resideInAPackage(FUNCTIONS)
                .should()
                .dependOnClassesThat()
                .resideInAPackage(JOB)
                .check(MAIN);
    }

    @Test
    void noJobPackageDependsOnTheJobRoot() {
        noClasses()
                .that()
                .resideInAPackage(JOB)
                .and()
                .resideOutsideOfPackage(JOB_ROOT)
                .should()
                .dependOnClassesThat()
                .resideInAPackage(JOB_ROOT)
                .check(MAIN);
    }
}
