// The variables of the "new runbook" template, and the pure function that builds them.
import { stringify } from 'yaml';
import { slugify } from '../incident/naming';

export interface NewRunbookInput {
  title: string;
  services: string[];
  symptoms: string[];
}

export interface RunbookVariables {
  title: string;
  /** The file name's stem: `redis-cache-failure` → `runbooks/redis-cache-failure.runbook.md`. */
  slug: string;
  services: string[];
  symptoms: string[];
  hasSymptoms: boolean;
  /** The title as a YAML scalar, quoted when it has to be (`"Redis: down"`). */
  titleYaml: string;
  /** The services as a YAML flow list: `[redis, api]`. */
  servicesYaml: string;
  /** The symptoms as a YAML flow list, each quoted when it has to be. */
  symptomsYaml: string;
}

export function runbookVariables(input: NewRunbookInput): RunbookVariables {
  const title = input.title.trim();
  const services = clean(input.services);
  const symptoms = clean(input.symptoms);
  return {
    title,
    slug: slugify(title),
    services,
    symptoms,
    hasSymptoms: symptoms.length > 0,
    titleYaml: yamlScalar(title),
    servicesYaml: yamlFlow(services),
    symptomsYaml: yamlFlow(symptoms),
  };
}

function clean(values: string[]): string[] {
  return [...new Set(values.map((v) => v.trim()).filter(Boolean))];
}

function yamlScalar(value: string): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

function yamlFlow(values: string[]): string {
  // Flow style quotes what a flow list needs quoted (commas, brackets), not just what a block needs.
  return stringify(values, { collectionStyle: 'flow', lineWidth: 0 }).trimEnd();
}
