package io.fleetcompat.agent.xen;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** The Xen and guest models stay plain Java, so they can be read against the spec and tested alone. */
class ModelArchitectureTest {

    @Test
    void modelPackagesImportNoPlumbing() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.fleetcompat.agent.xen", "io.fleetcompat.agent.guest");
        ArchRule rule = noClasses().that().resideInAnyPackage("io.fleetcompat.agent.xen..",
                        "io.fleetcompat.agent.guest..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "io.quarkus..",
                        "org.apache.avro..", "com.fasterxml..")
                .because("the model must not know about transport: publish a ModelEvent through ModelObserver and "
                        + "convert it to Kafka/Avro/JSON in io.fleetcompat.agent.kafka or another adapter package");
        rule.check(classes);
    }
}
