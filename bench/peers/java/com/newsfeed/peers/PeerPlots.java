package com.newsfeed.peers;

import java.awt.Color;
import java.io.IOException;
import java.text.DecimalFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The report's plots: grouped bars of the rounds' medians, one group a contender, drawn by JFreeChart to PNG files
 * beside the report. Times that span orders of magnitude (staleness) go on a log axis.
 */
final class PeerPlots {

    /** The median of a figure over the rounds, where the run has it. */
    @FunctionalInterface
    interface Medians {
        Optional<Double> of(String scenario, String contender, String metric);
    }

    /** One bar of each group: a figure of one scenario. */
    record Bar(String label, String scenario, String metric) {
    }

    /** One plot: its file, title, value axis, bars, and whether the axis is logarithmic. */
    record Plot(String file, String title, String axis, boolean log, List<Bar> bars) {
    }

    private static final Color[] COLORS = {new Color(0x2b6cb0), new Color(0xdd6b20), new Color(0x2f855a),
        new Color(0x9b2c2c)};

    private PeerPlots() {
    }

    /** Draws the plots that have figures in this run; returns them, for the report to show. */
    static List<Plot> draw(Path dir, List<Plot> plots, List<String> contenders, Medians medians) throws IOException {
        List<Plot> drawn = new ArrayList<>();
        for (Plot plot : plots) {
            DefaultCategoryDataset data = new DefaultCategoryDataset();
            for (String contender : contenders) {
                for (Bar bar : plot.bars()) {
                    medians.of(bar.scenario(), contender, bar.metric()).filter(v -> v > 0 || !plot.log())
                            .ifPresent(value -> data.addValue(value, bar.label(), contender));
                }
            }
            if (data.getColumnCount() == 0) {
                continue;
            }
            ChartUtils.saveChartAsPNG(dir.resolve(plot.file()).toFile(), chart(plot, data), 900, 420);
            drawn.add(plot);
        }
        return drawn;
    }

    private static JFreeChart chart(Plot plot, DefaultCategoryDataset data) {
        JFreeChart chart = ChartFactory.createBarChart(plot.title(), null, plot.axis(), data);
        chart.setBackgroundPaint(Color.WHITE);
        CategoryPlot area = chart.getCategoryPlot();
        area.setBackgroundPaint(Color.WHITE);
        area.setRangeGridlinePaint(Color.LIGHT_GRAY);
        if (plot.log()) {
            LogAxis axis = new LogAxis(plot.axis());
            axis.setSmallestValue(0.1);
            axis.setTickUnit(new NumberTickUnit(1)); // one tick a power of ten, labelled as a plain number
            axis.setNumberFormatOverride(new DecimalFormat("#,##0.#"));
            area.setRangeAxis(axis);
        }
        BarRenderer renderer = (BarRenderer) area.getRenderer();
        if (plot.log()) {
            renderer.setBase(0.1); // a bar rises from the axis's floor: a log axis has no zero
        }
        renderer.setBarPainter(new StandardBarPainter()); // flat bars: no gradient or shadow to misread
        renderer.setShadowVisible(false);
        for (int series = 0; series < data.getRowCount(); series++) {
            renderer.setSeriesPaint(series, COLORS[series % COLORS.length]);
        }
        return chart;
    }
}
