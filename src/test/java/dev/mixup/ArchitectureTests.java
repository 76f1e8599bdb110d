package dev.mixup;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The layering of DESIGN §3: core and npy stay free of Spring and I/O, and nothing depends upward. */
@AnalyzeClasses(packages = "dev.mixup", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    @ArchTest
    static final ArchRule coreUsesOnlyTheJdkAndCommonsMath = classes().that().resideInAPackage("dev.mixup.core..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.mixup.core..", "java.lang..", "java.util..",
                    "org.apache.commons.math3..");

    @ArchTest
    static final ArchRule npyUsesOnlyTheJdk = classes().that().resideInAPackage("dev.mixup.npy..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.mixup.npy..", "java..");

    @ArchTest
    static final ArchRule datasetDoesNotKnowSessionsOrWeb = noClasses().that().resideInAPackage("dev.mixup.dataset..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.mixup.session..", "dev.mixup.web..");

    @ArchTest
    static final ArchRule sessionDoesNotKnowWeb = noClasses().that().resideInAPackage("dev.mixup.session..")
            .should().dependOnClassesThat().resideInAPackage("dev.mixup.web..");
}
