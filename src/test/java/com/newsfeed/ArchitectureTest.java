package com.newsfeed;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.RestController;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The package rules of DEVELOPERS.md, kept by a test rather than by hope. */
@AnalyzeClasses(packages = "com.newsfeed", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule cacheCoreKnowsNoFeatureWebOrJpa = noClasses()
            .that().resideInAPackage("com.newsfeed.cache..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "com.newsfeed.user..", "com.newsfeed.article..", "com.newsfeed.channel..",
                    "com.newsfeed.announcement..", "com.newsfeed.demo..", "com.newsfeed.security..",
                    "org.springframework.web..", "jakarta.servlet..", "org.springframework.security..",
                    "jakarta.persistence..", "org.springframework.data.jpa..", "org.hibernate..")
            .allowEmptyShould(true);

    /**
     * The features see the cache core's front only (caches, batched reads, the factory, bloom filters): its levels,
     * read path and invalidation machinery are its own business, free to change.
     */
    @ArchTest
    static final ArchRule featuresUseOnlyTheCacheFront = noClasses()
            .that().resideInAnyPackage("com.newsfeed.user..", "com.newsfeed.article..", "com.newsfeed.channel..",
                    "com.newsfeed.announcement..", "com.newsfeed.admin..", "com.newsfeed.demo..")
            .should().dependOnClassesThat().resideInAnyPackage("com.newsfeed.cache.load..",
                    "com.newsfeed.cache.local..", "com.newsfeed.cache.remote..", "com.newsfeed.cache.invalidation..",
                    "com.newsfeed.cache.metrics..");

    @ArchTest
    static final ArchRule featuresFormNoCycles = slices().matching("com.newsfeed.(*)..").should().beFreeOfCycles();

    /**
     * Features stand apart; only articles build on users (authors) and channels, and the benchmark's baseline read
     * paths on articles. All may use shared code: system, the cache core, the store, the events, and security (who the caller
     * is).
     */
    @ArchTest
    static final ArchRule featuresStayApart = slices().matching("com.newsfeed.(*)..")
            .should().notDependOnEachOther()
            .ignoreDependency(resideInAPackage("com.newsfeed.article.."),
                    resideInAnyPackage("com.newsfeed.user..", "com.newsfeed.channel.."))
            .ignoreDependency(resideInAPackage("com.newsfeed.bench.."), resideInAPackage("com.newsfeed.article.."))
            .ignoreDependency(DescribedPredicate.alwaysTrue(),
                    resideInAnyPackage("com.newsfeed.system..", "com.newsfeed.cache..", "com.newsfeed.security..",
                            "com.newsfeed.store..", "com.newsfeed.events.."));

    @ArchTest
    static final ArchRule sharedCodeKnowsNoFeature = noClasses()
            .that().resideInAnyPackage("com.newsfeed.system..", "com.newsfeed.cache..", "com.newsfeed.security..",
                    "com.newsfeed.store..", "com.newsfeed.events..")
            .should().dependOnClassesThat().resideInAnyPackage("com.newsfeed.user..", "com.newsfeed.article..",
                    "com.newsfeed.channel..", "com.newsfeed.announcement..", "com.newsfeed.demo..");

    @ArchTest
    static final ArchRule controllersArePackagePrivate = classes()
            .that().areAnnotatedWith(RestController.class)
            .should().notBePublic();

    @ArchTest
    static final ArchRule noFieldInjection = noFields().should().beAnnotatedWith(Autowired.class);

    @ArchTest
    static final ArchRule servicesHoldOnlyFinalFields = classes()
            .that().areAnnotatedWith(Service.class)
            .should().haveOnlyFinalFields();
}
