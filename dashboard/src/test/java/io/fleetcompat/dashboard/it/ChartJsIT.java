package io.fleetcompat.dashboard.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Chart.js at a path without its version, which the pom alone names. */
@QuarkusTest
@WithTestResource(FleetKafkaResource.class)
class ChartJsIT {

    @Test
    void shouldServeTheWebjarsChartJsWithoutNamingItsVersion() {
        given().auth().preemptive().basic("viewer", "viewer").get("/vendor/chart.umd.js")
                .then().statusCode(200)
                .contentType(containsString("javascript"))
                .body(containsString("Chart.js v" + System.getProperty("it.chartjs.version")));
    }

    @Test
    void shouldLetBrowsersCacheItUntilTheVersionChanges() {
        String etag = given().auth().preemptive().basic("viewer", "viewer").get("/vendor/chart.umd.js")
                .then().statusCode(200)
                .header("Cache-Control", containsString("max-age=86400"))
                .extract().header("ETag");

        given().auth().preemptive().basic("viewer", "viewer").header("If-None-Match", etag)
                .get("/vendor/chart.umd.js")
                .then().statusCode(304);
    }
}
