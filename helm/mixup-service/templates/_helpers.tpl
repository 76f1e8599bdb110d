{{/*
Expand the name of the chart.
*/}}
{{- define "mixup-service.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Create a default fully qualified app name.
We truncate at 63 chars because some Kubernetes name fields are limited to this (by the DNS naming spec).
If release name contains chart name it will be used as a full name.
*/}}
{{- define "mixup-service.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Create chart name and version as used by the chart label.
*/}}
{{- define "mixup-service.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels
*/}}
{{- define "mixup-service.labels" -}}
helm.sh/chart: {{ include "mixup-service.chart" . }}
{{ include "mixup-service.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Selector labels
*/}}
{{- define "mixup-service.selectorLabels" -}}
app.kubernetes.io/name: {{ include "mixup-service.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Create the name of the service account to use
*/}}
{{- define "mixup-service.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "mixup-service.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Image reference (tag defaults to the chart appVersion)
*/}}
{{- define "mixup-service.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion | toString) }}
{{- end }}

{{/*
Name of the Secret that holds the API key ("" when auth is off)
*/}}
{{- define "mixup-service.apiKeySecretName" -}}
{{- if .Values.auth.existingSecret }}
{{- .Values.auth.existingSecret }}
{{- else if .Values.auth.apiKey }}
{{- include "mixup-service.fullname" . }}
{{- end }}
{{- end }}

{{/*
Key inside that Secret
*/}}
{{- define "mixup-service.apiKeySecretKey" -}}
{{- if .Values.auth.existingSecret }}
{{- .Values.auth.existingSecretKey | default "api-key" }}
{{- else -}}
api-key
{{- end }}
{{- end }}

{{/*
Name of the PersistentVolumeClaim for /data
*/}}
{{- define "mixup-service.claimName" -}}
{{- .Values.persistence.existingClaim | default (printf "%s-data" (include "mixup-service.fullname" .)) }}
{{- end }}

{{/*
"true" when sessions are in Redis and datasets in S3: the pods then share nothing else and may be
many; "" for the single-pod topology
*/}}
{{- define "mixup-service.shared" -}}
{{- if and (eq .Values.sessions.store "redis") (eq .Values.datasets.store "s3") }}true{{ end }}
{{- end }}

{{/*
The chart-managed Secret's data: the API key, the Redis URL and the S3 credentials that were given as
values rather than as existing Secrets ("" when there are none)
*/}}
{{- define "mixup-service.secretData" -}}
{{- if and .Values.auth.apiKey (not .Values.auth.existingSecret) }}
api-key: {{ .Values.auth.apiKey | b64enc | quote }}
{{- end }}
{{- with .Values.sessions.redis }}
{{- if and (eq $.Values.sessions.store "redis") .url (not .existingSecret) }}
redis-url: {{ .url | b64enc | quote }}
{{- end }}
{{- end }}
{{- with .Values.datasets.s3 }}
{{- if and (eq $.Values.datasets.store "s3") .accessKeyId (not .existingSecret) }}
aws-access-key-id: {{ .accessKeyId | b64enc | quote }}
aws-secret-access-key: {{ .secretAccessKey | b64enc | quote }}
{{- end }}
{{- end }}
{{- end }}

{{/*
An env var read from a Secret: (list name secretName key)
*/}}
{{- define "mixup-service.secretEnv" -}}
- name: {{ index . 0 }}
  valueFrom:
    secretKeyRef:
      name: {{ index . 1 }}
      key: {{ index . 2 }}
{{- end }}
