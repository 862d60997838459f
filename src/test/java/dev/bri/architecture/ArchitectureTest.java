package dev.bri.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package map of docs/ARCHITECTURE.md, pinned: no cycle between the packages under {@code dev.bri}, and the
 * engines (storage, search) and the leaves (api, domain, observability) below every feature.
 */
@AnalyzeClasses(packages = "dev.bri", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Packages every other package may use: the HTTP contract, domain errors, logs and metrics. */
    private static final String[] LEAVES = {"dev.bri.api..", "dev.bri.domain..", "dev.bri.observability.."};

    @ArchTest
    static final ArchRule noCyclesBetweenPackages = slices().matching("dev.bri.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule storageDependsOnNoFeature = noClasses().that().resideInAPackage("dev.bri.storage..")
            .should().dependOnClassesThat(resideInAPackage("dev.bri..")
                    .and(not(resideInAnyPackage("dev.bri.storage..", "dev.bri.domain..", "dev.bri.observability.."))))
            .because("storage is the seam to the database engine; features sit on top of it");

    @ArchTest
    static final ArchRule searchDependsOnNoFeature = noClasses().that().resideInAPackage("dev.bri.search..")
            .should().dependOnClassesThat(resideInAPackage("dev.bri..")
                    .and(not(resideInAnyPackage("dev.bri.search..", "dev.bri.storage..", "dev.bri.domain..",
                            "dev.bri.observability.."))))
            .because("a second search engine must fit beside the first without touching the features");

    @ArchTest
    static final ArchRule leavesDependOnNoFeature = noClasses().that().resideInAnyPackage(LEAVES)
            .should().dependOnClassesThat(resideInAPackage("dev.bri..").and(not(resideInAnyPackage(LEAVES))));
}
