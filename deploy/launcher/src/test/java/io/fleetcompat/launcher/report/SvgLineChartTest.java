package io.fleetcompat.launcher.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SvgLineChartTest {

    @Test
    void shouldDrawOneLineAndOneLegendEntryPerSeriesInsideTheCanvas() {
        // Given two series over three buckets of 5 s, one label that needs escaping
        String svg = SvgLineChart.render("outcome <demo>", 5, List.of(
                new SvgLineChart.Line("hazards & more", "#2563eb", new long[] {1, 4, 8}),
                new SvgLineChart.Line("failures", "#dc2626", new long[] {0, 0, 2})));

        // Then there are two polylines, the legend shows each final value, and text is escaped
        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"");
        assertThat(Pattern.compile("<polyline ").matcher(svg).results().count()).isEqualTo(2);
        assertThat(svg).contains("hazards &amp; more: 8", "failures: 2", "<title>outcome &lt;demo&gt;</title>", "15 s");
        // And every point is on the canvas, the highest value at the top of the plot
        Matcher points = Pattern.compile("points=\"([^\"]*)\"").matcher(svg);
        while (points.find()) {
            for (String xy : points.group(1).split(" ")) {
                double x = Double.parseDouble(xy.split(",")[0]);
                double y = Double.parseDouble(xy.split(",")[1]);
                assertThat(x).isBetween(0.0, (double) SvgLineChart.WIDTH);
                assertThat(y).isBetween(0.0, (double) SvgLineChart.HEIGHT);
            }
        }
        assertThat(svg).contains(" 840.0,20.0\"");
    }

    @Test
    void shouldMarkEachFaultAtItsTimeOnTheAxis() {
        java.time.Instant start = java.time.Instant.parse("2026-12-01T10:00:00Z");
        long[] values = {1, 2, 3, 4, 5};

        String svg = SvgLineChart.render("chaos", 5, List.of(new SvgLineChart.Line("hazards", "#000", values)), start,
                List.of(new SvgLineChart.Mark(start.plusSeconds(10), "SIGKILL stream"),
                        new SvgLineChart.Mark(start.plusSeconds(20), "restarted <stream>")));

        // bucket 2 of 0..4 is half-way along the 780 px plot; labels are escaped
        assertThat(Pattern.compile("class=\"mark\"").matcher(svg).results().count()).isEqualTo(2);
        assertThat(svg).contains("x1=\"450.0\"", "SIGKILL stream", "restarted &lt;stream&gt;");
    }

    @Test
    void shouldDrawAnEmptyTimelineWithoutFailing() {
        String svg = SvgLineChart.render("nothing yet", 5, List.of(new SvgLineChart.Line("hazards", "#000", new long[0])));

        assertThat(svg).contains("hazards: 0").endsWith("</svg>\n");
    }
}
