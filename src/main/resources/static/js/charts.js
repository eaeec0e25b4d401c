// Line charts over time for the dashboard, drawn by uPlot (a 50 KB canvas charting library, served from its
// WebJar): cheap enough to redraw every couple of seconds.

import uPlot from '/webjars/uplot/dist/uPlot.esm.js';

const COLOURS = ['#d83a2b', '#2b6cb0', '#1f8a4c', '#b7791f', '#6b46c1'];
const HEIGHT = 180;

/**
 * A chart titled `title` with one line per label, in a new element appended to `container`. `update(times, ...
 * columns)` redraws it: times in seconds since the epoch, one column of numbers (or null: no value) per line.
 */
export function lineChart(container, {title, labels, unit = '', min = 0, max = null}) {
    const figure = document.createElement('figure');
    figure.className = 'chart';
    figure.setAttribute('role', 'img');
    figure.setAttribute('aria-label', `${title}: ${labels.join(', ')} over the last minutes`);
    const caption = document.createElement('h3');
    caption.textContent = title;
    figure.append(caption);
    container.append(figure);
    const format = value => value === null || value === undefined ? '–' : `${round(value)}${unit}`;
    const chart = new uPlot({
        width: width(figure),
        height: HEIGHT,
        legend: {live: false}, // the lines' names only: the values are read off the axes
        scales: {y: {range: (self, low, high) => [min, max ?? Math.max(high * 1.1, min + 1)]}},
        axes: [{}, {values: (self, ticks) => ticks.map(tick => `${round(tick)}${unit}`), size: 60}],
        series: [{}, ...labels.map((label, i) => ({label, stroke: COLOURS[i % COLOURS.length], width: 2,
            spanGaps: false, value: (self, value) => format(value)}))],
    }, [[], ...labels.map(() => [])], figure);
    new ResizeObserver(() => chart.setSize({width: width(figure), height: HEIGHT})).observe(figure);
    return {
        update(times, ...columns) {
            chart.setData([times, ...columns]);
            // How many points each line has (what a test, or a curious reader of the DOM, can check).
            figure.dataset.points = columns.map(column => column.filter(value => value !== null).length).join(',');
        },
    };
}

function width(figure) {
    return Math.max(200, figure.clientWidth - 16);
}

function round(value) {
    return Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 10) / 10;
}
