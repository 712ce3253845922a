{{/* Labels every resource of a service carries; the selector labels are the stable subset. */}}
{{- define "cohort.selector" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/part-of: cohort
{{- end }}

{{- define "cohort.labels" -}}
{{ include "cohort.selector" . }}
app.kubernetes.io/component: service
app.kubernetes.io/version: {{ .root.Values.images.tag | quote }}
{{- end }}

{{/* A service's setting, else the chart-wide default: (dict "svc" $svc "root" $ "key" "replicas"). */}}
{{- define "cohort.setting" -}}
{{- $value := index .svc .key -}}
{{- if kindIs "invalid" $value }}{{ index .root.Values.defaults .key }}{{ else }}{{ $value }}{{ end -}}
{{- end }}

{{/* The mesh identity of a service's pods (SPIFFE, as AuthorizationPolicy principals name them). */}}
{{- define "cohort.principal" -}}
cluster.local/ns/{{ .root.Release.Namespace }}/sa/{{ .name }}
{{- end }}

{{/* The in-cluster gRPC target of a service: dns:///<name>.<namespace>.svc.cluster.local:<port>. */}}
{{- define "cohort.target" -}}
{{- $svc := index .root.Values.services .name -}}
dns:///{{ .name }}.{{ .root.Release.Namespace }}.svc.cluster.local:{{ $svc.port }}
{{- end }}

{{/* Requests and limits: the service's own, else the defaults (as YAML). */}}
{{- define "cohort.resources" -}}
{{- if .svc.resources }}{{ toYaml .svc.resources }}{{ else }}{{ toYaml .root.Values.defaults.resources }}{{ end -}}
{{- end }}

{{/* Route to the stable subset and, when a canary share is set, to the canary subset. */}}
{{- define "cohort.split" -}}
- destination: {host: {{ .host }}, subset: stable, port: {number: {{ .port }}}}
  weight: {{ sub 100 .canary }}
{{- if gt .canary 0 }}
- destination: {host: {{ .host }}, subset: canary, port: {number: {{ .port }}}}
  weight: {{ .canary }}
{{- end }}
{{- end }}

{{/* CORS for the web app: gRPC-Web and REST headers in, gRPC status headers out (as gateway-envoy/envoy.yaml). */}}
{{- define "cohort.cors" -}}
allowOrigins:
{{- range .Values.istio.ingress.corsOrigins }}
  - exact: {{ . }}
{{- end }}
allowMethods: [GET, POST, PUT, PATCH, DELETE, OPTIONS]
allowHeaders: [authorization, content-type, x-grpc-web, x-user-agent, grpc-timeout, connect-protocol-version, connect-timeout-ms]
exposeHeaders: [grpc-status, grpc-message, grpc-status-details-bin]
# The refresh token travels in an HttpOnly cookie (ADR 23).
allowCredentials: true
maxAge: 24h
{{- end }}

{{/*
The ingress routes of every enabled service, as a VirtualService's http list: its streaming RPCs without a timeout,
then the rest of its /<package>.<Service>/ prefix with the unary timeout; (dict "root" $ "cors" true) adds the web
app's CORS policy (browser ingress only).
*/}}
{{- define "cohort.edgeRoutes" -}}
{{- $root := .root -}}
{{- $cors := .cors -}}
{{- $ns := $root.Release.Namespace -}}
{{- range $name, $svc := $root.Values.services }}
{{- if $svc.enabled }}
{{- $host := printf "%s.%s.svc.cluster.local" $name $ns }}
{{- if $svc.streamingMethods }}
- name: {{ $name }}-streams
  match:
    {{- range $method := $svc.streamingMethods }}
    - uri: {exact: /{{ $svc.grpcService }}/{{ $method }}}
    {{- end }}
  timeout: 0s
  route:
    - destination: {host: {{ $host }}, port: {number: {{ $svc.port }}}}
  {{- if $cors }}
  corsPolicy:
    {{- include "cohort.cors" $root | nindent 4 }}
  {{- end }}
{{- end }}
- name: {{ $name }}
  match:
    - uri: {prefix: /{{ $svc.grpcService }}/}
  timeout: {{ include "cohort.setting" (dict "svc" $svc "root" $root "key" "timeout") }}
  route:
    - destination: {host: {{ $host }}, port: {number: {{ $svc.port }}}}
  {{- if $cors }}
  corsPolicy:
    {{- include "cohort.cors" $root | nindent 4 }}
  {{- end }}
{{- end }}
{{- end }}
{{- end }}
