import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parser } from '@prometheus-io/lezer-promql';
import { parse as parseYaml } from 'yaml';

const root = path.resolve(__dirname, '../..');

export function readRepositoryYaml(file: string): any {
  return parseYaml(readFileSync(path.join(root, file), 'utf8'));
}

/** Grafana's interval variables stand for a duration; PromQL itself does not know them. */
function withGrafanaVariables(expr: string): string {
  return expr.replace(/\$__(rate_interval|interval|range)/g, '5m');
}

/** The metric names a PromQL expression selects, and its syntax errors (none for a valid one). */
export function parsePromql(expr: string): { metricNames: string[]; errors: string[] } {
  const text = withGrafanaVariables(expr);
  const metricNames = new Set<string>();
  const errors: string[] = [];
  parser.parse(text).iterate({
    enter(node) {
      if (node.type.isError) errors.push(`syntax error at ${node.from}: …${text.slice(Math.max(0, node.from - 20), node.from + 20)}…`);
      if (node.name === 'VectorSelector') {
        const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(text.slice(node.from, node.to))?.[0];
        if (name) metricNames.add(name);
      }
    },
  });
  return { metricNames: [...metricNames], errors };
}

export type AlertRule = { alert: string; expr: string; for?: string; labels?: Record<string, string>; annotations?: Record<string, string> };

export function alertRules(): AlertRule[] {
  const file = readRepositoryYaml('prometheus/alerts.yml') as { groups: Array<{ rules: AlertRule[] }> };
  return file.groups.flatMap((group) => group.rules);
}

/** Every PromQL expression of the provisioned Grafana dashboard, with its panel's title. */
export function dashboardQueries(): Array<{ panel: string; expr: string }> {
  const dashboard = JSON.parse(readFileSync(path.join(root, 'grafana/dashboards/influtrace.json'), 'utf8')) as {
    panels: Array<{ title: string; targets?: Array<{ expr: string }> }>;
  };
  return dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ panel: panel.title, expr: target.expr })));
}
