package io.fleetcompat.launcher.report;

import io.fleetcompat.launcher.report.OutcomeTimeline.Cumulative;
import io.fleetcompat.launcher.report.OutcomeTimeline.Series;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The demo's report as one self-contained HTML page: the table, and the outcome over time as a chart. */
public final class ReportHtml {

    private static final Map<Series, String> COLOURS = Map.of(
            Series.HAZARDS_PREDICTED, "#2563eb",
            Series.POLICIES_APPLIED, "#16a34a",
            Series.PROTECTED_AT_EDGE, "#7c3aed",
            Series.HEALTHY_RESUMES, "#9ca3af",
            Series.FAILURES_CONTROL_GROUP, "#dc2626",
            Series.FAILURES_OUTSIDE_CONTROL_GROUP, "#f59e0b");

    private ReportHtml() {
    }

    public static String render(DemoReport report, Cumulative timeline) {
        return render(report, timeline, List.of());
    }

    /** @param faults the faults a chaos run injected, marked on both charts */
    public static String render(DemoReport report, Cumulative timeline, List<SvgLineChart.Mark> faults) {
        long bucketSeconds = timeline.bucket().toSeconds();
        // Two charts: the failures are tens against thousands of hazards and creates, and would be flat lines on
        // one shared axis.
        String work = SvgLineChart.render("Hazards, protection and resumes over event time", bucketSeconds,
                lines(timeline, Series.HAZARDS_PREDICTED, Series.POLICIES_APPLIED, Series.PROTECTED_AT_EDGE,
                        Series.HEALTHY_RESUMES), timeline.start(), faults);
        String failures = SvgLineChart.render("Resume failures over event time", bucketSeconds,
                lines(timeline, Series.FAILURES_CONTROL_GROUP, Series.FAILURES_OUTSIDE_CONTROL_GROUP),
                timeline.start(), faults);
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>fleetcompat demo report</title>\n"
                + "<style>body{font-family:sans-serif;margin:2rem;color:#111}pre{background:#f3f4f6;padding:1rem}</style>\n"
                + "</head>\n<body>\n<h1>fleetcompat demo report</h1>\n"
                + "<p>Cumulative counts per " + bucketSeconds + " s of event time, from "
                + timeline.start() + ". Guests in the control group resume without the policy their agent was sent;"
                + " every other guest gets it.</p>\n"
                + "<h2>Hazards, protection and resumes</h2>\n" + work
                + "<h2>Resume failures</h2>\n" + failures
                + "<pre>" + SvgLineChart.escape(ReportTable.render(report)) + "</pre>\n</body>\n</html>\n";
    }

    private static List<SvgLineChart.Line> lines(Cumulative timeline, Series... series) {
        return List.of(series).stream()
                .map(s -> new SvgLineChart.Line(s.label, COLOURS.get(s), timeline.counts().get(s)))
                .toList();
    }

    public static void write(DemoReport report, Cumulative timeline, Path file) throws IOException {
        write(report, timeline, file, List.of());
    }

    public static void write(DemoReport report, Cumulative timeline, Path file, List<SvgLineChart.Mark> faults)
            throws IOException {
        Files.writeString(file, render(report, timeline, faults), StandardCharsets.UTF_8);
    }
}
