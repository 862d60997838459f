package dev.bri.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.bri.api.ApiException;
import dev.bri.api.ProblemType;

/**
 * The package map of docs/ARCHITECTURE.md, pinned: no cycle between the packages under {@code dev.bri}, and the
 * engines (storage, search) and the leaves (api, domain, observability, io) below every feature.
 */
@AnalyzeClasses(packages = "dev.bri", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Packages every other package may use: the HTTP contract, domain errors, logs and metrics, stream helpers. */
    private static final String[] LEAVES = {"dev.bri.api..", "dev.bri.domain..", "dev.bri.observability..",
            "dev.bri.io.."};

    @ArchTest
    static final ArchRule noCyclesBetweenPackages = slices().matching("dev.bri.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule storageDependsOnNoFeature = noClasses().that().resideInAPackage("dev.bri.storage..")
            .should().dependOnClassesThat(resideInAPackage("dev.bri..")
                    .and(not(resideInAnyPackage("dev.bri.storage..", "dev.bri.domain..", "dev.bri.observability..",
                            "dev.bri.io.."))))
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

    /**
     * Repositories and services speak the domain's language ({@code dev.bri.domain}); only the HTTP edge (the api
     * package's mappers and filters, authentication, rate limits) builds HTTP errors, so no HTTP type is thrown inside a
     * transaction.
     */
    @ArchTest
    static final ArchRule onlyTheHttpEdgeBuildsHttpErrors = noClasses().that()
            .resideOutsideOfPackages("dev.bri.api..", "dev.bri.security..", "dev.bri.ratelimit..")
            .should().dependOnClassesThat().belongToAnyOf(ApiException.class, ProblemType.class)
            .orShould().dependOnClassesThat(resideInAPackage("jakarta.ws.rs..").and(assignableTo(Throwable.class)))
            .because("repositories and services throw domain errors that api.ProblemMappers maps to HTTP");

    /**
     * Inside a feature: a resource calls services, a service repositories, a repository storage; never upwards.
     * Classes outside these layers (filters, schedulers, health checks) are not constrained here.
     */
    @ArchTest
    static final ArchRule resourcesServicesRepositoriesStorage = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("Resources").definedBy(simpleNameEndingWith("Resource"))
            .layer("Services").definedBy(simpleNameEndingWith("Service"))
            .layer("Repositories").definedBy(simpleNameEndingWith("Repository"))
            .layer("Storage").definedBy("dev.bri.storage..")
            .whereLayer("Resources").mayNotBeAccessedByAnyLayer()
            .whereLayer("Services").mayOnlyBeAccessedByLayers("Resources", "Services")
            .whereLayer("Repositories").mayOnlyBeAccessedByLayers("Services", "Repositories")
            .whereLayer("Storage").mayOnlyBeAccessedByLayers("Services", "Repositories");
}
