// The built-in templates, following the incident response guide's communication and post-mortem
// structure. A team replaces any of them with a file of the same name in `.runbooks/templates/`
// ("Incident: Customize Template" copies one there to start from). Variables: see variables.ts
// (incident templates) and runbookVariables.ts (the new-runbook template).

export const TEMPLATE_KINDS = ['status-page', 'resolution', 'slack', 'postmortem', 'runbook'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];
export type MessageKind = 'status-page' | 'resolution' | 'slack';
export const MESSAGE_KINDS: readonly MessageKind[] = ['status-page', 'resolution', 'slack'];

export const TEMPLATE_LABELS: Record<TemplateKind, string> = {
  'status-page': 'Status page update',
  resolution: 'Resolution notice',
  slack: 'Slack incident announcement',
  postmortem: 'Post-mortem',
  runbook: 'New runbook',
};

/** The override's file name in `.runbooks/templates/`. */
export function templateFileName(kind: TemplateKind): string {
  return `${kind}.md`;
}

const STATUS_PAGE = `## {{title}}

**Status:** {{status}}
**Affected:** {{services}}

{{#statusIs.investigating}}
We are investigating a problem affecting {{services}}. Our team is working on it now.
{{/statusIs.investigating}}
{{#statusIs.identified}}
We have found the cause of the problem affecting {{services}} and are working on a fix.
{{/statusIs.identified}}
{{#statusIs.monitoring}}
A fix for the problem affecting {{services}} is in place. We are watching closely to make sure it holds.
{{/statusIs.monitoring}}
{{#statusIs.resolved}}
The problem affecting {{services}} has been resolved.
{{/statusIs.resolved}}
{{#summary}}

{{summary}}
{{/summary}}
{{#updateCadence}}

We will post an update {{updateCadence}}. Next update by {{nextUpdate}}.
{{/updateCadence}}

_Last updated: {{now}}_
`;

const RESOLUTION = `## Resolved: {{title}}

The problem affecting {{services}} has been resolved and the service is working normally.

**Root cause:** {{rootCause}}
**Duration:** {{duration}} (from {{declaredAt}} to {{resolvedAt}})

We are sorry for the disruption, and thank you for your patience.

**Status:** Resolved
**Resolved at:** {{resolvedAt}}
`;

const SLACK = `:rotating_light: *INCIDENT {{severity}}: {{title}}* :rotating_light:

*Severity:* {{severity}} ({{severityName}}): {{severityDefinition}}
*Description:* {{description}}
*Detected:* {{#detectedAt}}{{detectedAt}}{{#alert}} by the alert {{alert}}{{/alert}}{{/detectedAt}}{{^detectedAt}}{{declaredAt}}{{/detectedAt}}
*Services affected:* {{services}}

*Incident commander:* {{commander}}
*Channel:* {{slackChannel}}

*Current status:* {{status}}
{{#nextUpdate}}
*Next update:* {{nextUpdate}}
{{/nextUpdate}}
{{^nextUpdate}}
{{^resolved}}
*Next update:* when there is news ({{severity}} has no fixed update cadence)
{{/resolved}}
{{/nextUpdate}}
`;

const POSTMORTEM = `# Post-Mortem: {{title}}

**Date**: {{date}}
{{#detectedAt}}
**Detected**: {{detectedAt}}{{#alert}} by the alert {{alert}}{{/alert}}; declared {{detectionToDeclaration}} later
{{/detectedAt}}
**Severity**: {{severity}} ({{severityName}})
**Duration**: {{duration}}
**Incident Commander**: {{commander}}
**Incident**: {{incidentId}} ({{slackChannel}})

> This review is blameless: it looks at how the system, the tools and the process behaved,
> so the same conditions cannot lead to the same outage again. It does not look for someone at fault.

## Summary

{{#summary}}
{{summary}}
{{/summary}}
{{^summary}}
_In two or three sentences: what happened, what users noticed, and how service was restored._
{{/summary}}

## Timeline (all times in UTC)

{{#timeline}}
- {{time}} - {{text}}{{#hasLogs}} (logs:{{#logs}} [{{name}}]({{path}}){{/logs}}){{/hasLogs}}
{{/timeline}}

## Impact

- **Services affected**: {{services}}
- **Users affected**: _to fill in (number or share of users)_
- **Revenue impact**: _to fill in, if any_
- **Data loss**: _to fill in (yes / no)_

## Root Cause

{{#hasFindings}}
What the team established during the incident (latest last):

{{#findings}}
- {{time}} - {{text}}
{{/findings}}
{{/hasFindings}}
{{^hasFindings}}
_No finding was recorded during the incident. Describe the conditions that made this failure possible: the change, the load, the missing safeguard._
{{/hasFindings}}

## Contributing Factors

- _What made the failure more likely, or harder to notice and fix?_

## Resolution

{{#resolution}}
{{resolution}}

{{/resolution}}
{{#hasMitigations}}
Mitigations run from runbooks:

{{#mitigations}}
- {{time}} - {{text}}: \`{{command}}\`
{{/mitigations}}
{{/hasMitigations}}
{{^hasMitigations}}
{{^resolution}}
_How was service restored?_
{{/resolution}}
{{/hasMitigations}}

## What Went Well

{{#responseTime}}
- Work started {{responseTime}} after the incident was declared (target for {{severity}}: {{responseTarget}}).
{{/responseTime}}
- _to fill in_

## What Could Have Gone Better

- _Where did the system, the tools or the documentation make the work harder?_

## Action Items

{{#actionItems}}
- [ ] {{text}} - Owner: {{owner}} - Due: {{due}}
{{/actionItems}}
{{^actionItems}}
- [ ] _Action_ - Owner: _name_ - Due: _date_
{{/actionItems}}

## Lessons Learned

1. _to fill in_
`;

const RUNBOOK = `---
title: {{titleYaml}}
services: {{servicesYaml}}
symptoms: {{symptomsYaml}}
---

# {{title}}

What this runbook covers, and what users notice when it goes wrong.

## Symptoms

{{#symptoms}}
- {{.}}
{{/symptoms}}
{{^symptoms}}
- _What the alerts, dashboards or users report_
{{/symptoms}}

## Investigation

Is the service answering? (Diagnostic cells only read; run them freely.)

\`\`\`bash {name=health-check}
curl -fsS --max-time 5 "$API_BASE_URL/health"
\`\`\`

What did it log most recently?

\`\`\`bash {name=recent-errors}
journalctl -u "$SERVICE_UNIT" --since "15 minutes ago" --no-pager | tail -n 100
\`\`\`

## Mitigation

Cells that change something are marked \`mutates=true\`: they ask before they run.

\`\`\`bash {name=restart-service mutates=true}
sudo systemctl restart "$SERVICE_UNIT"
\`\`\`

## Verification

Run the health check again, then watch the error rate for a few minutes before resolving.
`;

export const BUILTIN_TEMPLATES: Record<TemplateKind, string> = {
  'status-page': STATUS_PAGE,
  resolution: RESOLUTION,
  slack: SLACK,
  postmortem: POSTMORTEM,
  runbook: RUNBOOK,
};
