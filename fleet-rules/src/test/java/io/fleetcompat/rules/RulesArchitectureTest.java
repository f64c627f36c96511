package io.fleetcompat.rules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The rules stay plain Java over the Avro records, so every module can ask them and a test needs no broker. */
@AnalyzeClasses(packages = "io.fleetcompat.rules", importOptions = ImportOption.DoNotIncludeTests.class)
class RulesArchitectureTest {

    @ArchTest
    static final ArchRule shouldUseNoKafkaQuarkusOrJackson = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("org.apache.kafka..", "io.quarkus..", "com.fasterxml.jackson..", "jakarta..")
            .because("fleet-rules is the Kafka-free home of the rules: state, steps and records only "
                    + "(fleet-stream's processors load, call, store and forward)");

    @ArchTest
    static final ArchRule shouldReadNoClock = noClasses().should().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(System.class, "nanoTime")
            .because("a step gets its time from the events, the commands or its caller, so a replay decides the same");
}
