package io.fleetcompat.dashboard.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.fleetcompat.dashboard.command.CommandNotWrittenException;
import io.fleetcompat.dashboard.command.InvalidCommandException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns the API's failures into JSON {@link ApiError}s with a message that says what was wrong. */
public class ApiExceptionMappers {

    @ServerExceptionMapper
    public Response invalidCommand(InvalidCommandException e) {
        return error(Response.Status.BAD_REQUEST, "invalid command", e.getMessage());
    }

    @ServerExceptionMapper
    public Response invalidQuery(InvalidQueryException e) {
        return error(Response.Status.BAD_REQUEST, "invalid query", e.getMessage());
    }

    @ServerExceptionMapper
    public Response unknownTarget(UnknownTargetException e) {
        return error(Response.Status.NOT_FOUND, "not found", e.getMessage());
    }

    @ServerExceptionMapper
    public Response notPinned(GuestNotPinnedException e) {
        return error(Response.Status.CONFLICT, "not pinned", e.getMessage());
    }

    @ServerExceptionMapper
    public Response notWritten(CommandNotWrittenException e) {
        return error(Response.Status.SERVICE_UNAVAILABLE, "command not written", e.getMessage());
    }

    /**
     * Quarkus REST reports an unreadable body as a 400 WebApplicationException with Jackson's error as the
     * cause; give it a JSON body that says so. Other WebApplicationExceptions keep their response.
     */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformed(json);
        }
        if (e instanceof NotFoundException) {
            return error(Response.Status.NOT_FOUND, "not found", "no such API endpoint");
        }
        return e.getResponse();
    }

    @ServerExceptionMapper
    public Response unparsableJson(JsonParseException e) {
        return malformed(e);
    }

    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        return malformed(e);
    }

    @ServerExceptionMapper
    public Response otherJson(JsonProcessingException e) {
        return malformed(e);
    }

    private static Response malformed(JsonProcessingException e) {
        return error(Response.Status.BAD_REQUEST, "malformed request body",
                "the body must be a JSON object like {\"action\": \"PAUSE\", \"reason\": \"...\"}: "
                        + e.getOriginalMessage());
    }

    static Response error(Response.Status status, String error, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(status.getStatusCode(), error, message)).build();
    }
}
