/** ECharts, bundled (tree-shaken core + the charts used); nothing is fetched from the network. */
import { init, use, type EChartsType } from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

const live: EChartsType[] = [];

export function disposeCharts(): void {
  while (live.length > 0) live.pop()?.dispose();
}

if (typeof window !== 'undefined') window.addEventListener('resize', () => live.forEach((chart) => chart.resize()));

function chart(el: HTMLElement): EChartsType {
  const instance = init(el, undefined, { renderer: 'canvas' });
  live.push(instance);
  return instance;
}

export function barChart(el: HTMLElement, title: string, labels: readonly string[], values: readonly number[]): void {
  chart(el).setOption({
    animation: false,
    title: { text: title, textStyle: { fontSize: 14 } },
    tooltip: {},
    grid: { left: 40, right: 10, top: 40, bottom: 60 },
    xAxis: { type: 'category', data: labels, axisLabel: { rotate: labels.length > 4 ? 30 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: values, itemStyle: { color: '#2f6fb0' } }],
  });
}

export function pieChart(el: HTMLElement, title: string, data: readonly { name: string; value: number }[]): void {
  chart(el).setOption({
    animation: false,
    title: { text: title, textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'item' },
    series: [{ type: 'pie', radius: ['35%', '65%'], top: 30, data }],
  });
}

export function lineChart(el: HTMLElement, title: string, points: readonly [string, number][], name: string): void {
  chart(el).setOption({
    animation: false,
    title: { text: title, textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 10, top: 40, bottom: 40 },
    xAxis: { type: 'time' },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'line', name, step: 'end', data: points, showSymbol: points.length < 60 }],
  });
}
