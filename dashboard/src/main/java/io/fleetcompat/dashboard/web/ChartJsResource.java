package io.fleetcompat.dashboard.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Chart.js from its webjar at a path without the version, so the pom's chartjs.version is the only place that
 * names it: the version is read from the webjar's own Maven metadata.
 */
@Path("/vendor/chart.umd.js")
@RolesAllowed(Roles.VIEWER)
public class ChartJsResource {

    private static final String POM_PROPERTIES = "META-INF/maven/org.webjars.npm/chart.js/pom.properties";

    private final String version = webjarVersion();
    private final byte[] script = load("META-INF/resources/webjars/chart.js/" + version + "/dist/chart.umd.js");
    /** The script changes only with the webjar's version: browsers revalidate daily and get 304 until then. */
    private final EntityTag etag = new EntityTag("chart.js-" + version);

    @GET
    @Produces("text/javascript")
    public Response script(@Context Request request) {
        CacheControl cache = new CacheControl();
        cache.setPrivate(true);
        cache.setMaxAge(86400);
        Response.ResponseBuilder notModified = request.evaluatePreconditions(etag);
        Response.ResponseBuilder answer = notModified != null ? notModified : Response.ok(script);
        return answer.tag(etag).cacheControl(cache).build();
    }

    private static String webjarVersion() {
        Properties pom = new Properties();
        try (InputStream in = resource(POM_PROPERTIES)) {
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + POM_PROPERTIES, e);
        }
        return pom.getProperty("version");
    }

    private static byte[] load(String path) {
        try (InputStream in = resource(path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    private static InputStream resource(String path) {
        InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException(path + " is not on the classpath: is the chart.js webjar a dependency?");
        }
        return in;
    }
}
