package io.fleetcompat.dashboard.web;

/** Every 4xx/5xx the API itself answers: the status again, a short error name, and what to do about it. */
public record ApiError(int status, String error, String message) {
}
