{{/* Names and labels. */}}
{{- define "capif.name" -}}{{ .Release.Name | trunc 40 | trimSuffix "-" }}{{- end -}}
{{- define "capif.fullname" -}}{{ include "capif.name" .root }}-{{ .component }}{{- end -}}
{{- define "capif.labels" -}}
app.kubernetes.io/name: {{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/part-of: capif
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ .root.Chart.Name }}-{{ .root.Chart.Version }}
{{- end -}}
{{- define "capif.selector" -}}
app.kubernetes.io/name: {{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* Fails rendering with a message naming the exact --set that fixes it. */}}
{{- define "capif.require" -}}
{{- if not .value -}}
{{- fail (printf "\n\nCAPIF: %s is required: %s\n  fix: --set %s=...\n" .key .why .key) -}}
{{- end -}}
{{- end -}}

{{- define "capif.validateValues" -}}
{{- $v := .Values -}}
{{- include "capif.require" (dict "key" "global.apiRoot" "value" $v.global.apiRoot "why" "the public https URL of the CAPIF APIs, used in Location headers") -}}
{{- if and $v.global.apiRoot (not (hasPrefix "https://" $v.global.apiRoot)) -}}
{{- fail "\n\nCAPIF: global.apiRoot must start with https://\n  fix: --set global.apiRoot=https://capif.example.com\n" -}}
{{- end -}}
{{- include "capif.require" (dict "key" "global.tokenIssuer" "value" $v.global.tokenIssuer "why" "the iss of access tokens") -}}
{{- include "capif.require" (dict "key" "global.tlsSecret" "value" $v.global.tlsSecret "why" "a Secret with ca.crt, tls.crt, tls.key") -}}
{{- include "capif.require" (dict "key" "global.kafkaBootstrapServers" "value" $v.global.kafkaBootstrapServers "why" "the Kafka cluster") -}}
{{- range $c := list "invokerManagement" "authorizationFunction" "tokenValidator" -}}
{{- $cv := index $v $c -}}
{{- include "capif.require" (dict "key" (printf "%s.image.repository" $c) "value" $cv.image.repository "why" "the service image") -}}
{{- include "capif.require" (dict "key" (printf "%s.database.jdbcUrl" $c) "value" $cv.database.jdbcUrl "why" "its PostgreSQL database") -}}
{{- include "capif.require" (dict "key" (printf "%s.database.reactiveUrl" $c) "value" $cv.database.reactiveUrl "why" "its PostgreSQL database") -}}
{{- include "capif.require" (dict "key" (printf "%s.database.existingSecret" $c) "value" $cv.database.existingSecret "why" "a Secret with username and password") -}}
{{- end -}}
{{- include "capif.require" (dict "key" "invokerManagement.caSecret" "value" $v.invokerManagement.caSecret "why" "the CA that signs invoker certificates (ca.crt, ca.key)") -}}
{{- include "capif.require" (dict "key" "invokerManagement.credentialSecret" "value" $v.invokerManagement.credentialSecret "why" "the onboarding credential keys") -}}
{{- if not $v.invokerManagement.catalogue -}}
{{- fail "\n\nCAPIF: invokerManagement.catalogue must list at least one service API\n  fix: -f values with invokerManagement.catalogue: [{apiId: ..., apiName: ..., aefId: ..., domainName: ..., securityMethods: [OAUTH]}]\n" -}}
{{- end -}}
{{- include "capif.require" (dict "key" "authorizationFunction.signingKeysSecret" "value" $v.authorizationFunction.signingKeysSecret "why" "the token signing keys (<kid>.key, active-kid)") -}}
{{- include "capif.require" (dict "key" "tokenValidator.jwksClientSecret" "value" $v.tokenValidator.jwksClientSecret "why" "the validator's service certificate (tls.crt, tls.key)") -}}
{{- end -}}
