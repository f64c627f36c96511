package io.fleetcompat.launcher.report;

import java.util.List;
import java.util.Locale;

/**
 * A small line chart as standalone SVG: the demo's report must open from a file, with no script and no network,
 * so it cannot use the dashboard's chart library.
 */
public final class SvgLineChart {

    /** One line: its legend label, its colour and its y value at x = 1, 2, ... */
    public record Line(String label, String colour, long[] values) {
    }

    /** An event on the time axis (a fault of {@code ./fleet demo --chaos}), drawn as a labelled vertical line. */
    public record Mark(java.time.Instant at, String label) {
    }

    static final int WIDTH = 860;
    static final int HEIGHT = 360;
    private static final int LEFT = 60;
    private static final int RIGHT = 20;
    private static final int TOP = 20;
    private static final int BOTTOM = 110;

    private SvgLineChart() {
    }

    /**
     * @param xUnit what one step on the x axis is worth, in seconds (the timeline's bucket)
     */
    public static String render(String title, long xUnit, List<Line> lines) {
        return render(title, xUnit, lines, java.time.Instant.EPOCH, List.of());
    }

    /**
     * @param start the time of x = 0 (the timeline's first bucket), for placing {@code marks}
     */
    public static String render(String title, long xUnit, List<Line> lines, java.time.Instant start, List<Mark> marks) {
        int points = lines.stream().mapToInt(l -> l.values().length).max().orElse(0);
        long max = Math.max(1, lines.stream().flatMapToLong(l -> java.util.Arrays.stream(l.values())).max().orElse(0));
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                + "width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s\" font-family=\"sans-serif\" font-size=\"12\">%n",
                WIDTH, HEIGHT, WIDTH, HEIGHT, escape(title)));
        svg.append("<title>").append(escape(title)).append("</title>\n");
        // Axes, and y gridlines at quarters of the maximum
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n",
                LEFT, TOP, LEFT, HEIGHT - BOTTOM));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n",
                LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM));
        for (int q = 0; q <= 4; q++) {
            double y = TOP + plotHeight - plotHeight * q / 4;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d</text>%n",
                    LEFT, y, WIDTH - RIGHT, y, LEFT - 6, y + 4, Math.round((double) max * q / 4)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"start\">0 s</text>"
                + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%d s</text>%n",
                LEFT, HEIGHT - BOTTOM + 16, WIDTH - RIGHT, HEIGHT - BOTTOM + 16, points * xUnit));
        for (Line line : lines) {
            StringBuilder coordinates = new StringBuilder();
            long[] v = line.values();
            for (int i = 0; i < v.length; i++) {
                double x = LEFT + (points <= 1 ? plotWidth : plotWidth * i / (points - 1));
                double y = TOP + plotHeight - plotHeight * v[i] / max;
                coordinates.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            svg.append(String.format(Locale.ROOT, "<polyline class=\"series\" data-label=\"%s\" fill=\"none\" "
                    + "stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
                    escape(line.label()), line.colour(), coordinates.toString().trim()));
        }
        for (Mark mark : marks) {
            double buckets = java.time.Duration.between(start, mark.at()).toMillis() / 1000.0 / xUnit;
            double x = LEFT + (points <= 1 ? 0 : Math.max(0, Math.min(plotWidth, plotWidth * buckets / (points - 1))));
            svg.append(String.format(Locale.ROOT, "<line class=\"mark\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
                    + "stroke=\"#7c3aed\" stroke-dasharray=\"4 3\"/><text x=\"%.1f\" y=\"%d\" font-size=\"10\" "
                    + "fill=\"#7c3aed\" transform=\"rotate(-90 %.1f %d)\" text-anchor=\"end\">%s</text>%n",
                    x, TOP, x, HEIGHT - BOTTOM, x - 3, TOP, x - 3, TOP, escape(mark.label())));
        }
        // Legend under the plot, one line per series with its final value
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            int y = HEIGHT - BOTTOM + 36 + i * 15;
            long last = line.values().length == 0 ? 0 : line.values()[line.values().length - 1];
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"4\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s: %d</text>%n",
                    LEFT, y - 5, line.colour(), LEFT + 18, y, escape(line.label()), last));
        }
        return svg.append("</svg>\n").toString();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
