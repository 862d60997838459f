{{/* Chart name, overridable. */}}
{{- define "bri-context.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: <release>-<chart> unless the release name already contains the chart name. */}}
{{- define "bri-context.fullname" -}}
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

{{- define "bri-context.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Standard labels on every object. */}}
{{- define "bri-context.labels" -}}
helm.sh/chart: {{ include "bri-context.chart" . }}
{{ include "bri-context.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: bri
{{- end }}

{{/* Selector labels: name and instance only (immutable in Deployments). */}}
{{- define "bri-context.selectorLabels" -}}
app.kubernetes.io/name: {{ include "bri-context.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Label on the release's own client pods (backup, restore, tests): the NetworkPolicy lets them in. */}}
{{- define "bri-context.clientLabel" -}}
{{ include "bri-context.fullname" . }}-client: "true"
{{- end }}

{{- define "bri-context.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "bri-context.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "bri-context.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* The HTTP port of the application (quarkus.http.port in application.properties). */}}
{{- define "bri-context.httpPort" -}}
8080
{{- end }}

{{/* In-cluster base URL of the service, used by the backup, restore and test pods. */}}
{{- define "bri-context.url" -}}
{{- printf "http://%s:%v" (include "bri-context.fullname" .) .Values.service.port }}
{{- end }}

{{/* existingSecret, else the chart's Secret: "<fullname>" for a given token, "<fullname>-generated" otherwise. */}}
{{- define "bri-context.adminSecretName" -}}
{{- if .Values.auth.existingSecret }}
{{- .Values.auth.existingSecret }}
{{- else if .Values.auth.adminToken }}
{{- include "bri-context.fullname" . }}
{{- else }}
{{- include "bri-context.fullname" . }}-generated
{{- end }}
{{- end }}

{{- define "bri-context.adminSecretKey" -}}
{{- if .Values.auth.existingSecret }}{{ .Values.auth.existingSecretKey }}{{ else }}admin-token{{ end }}
{{- end }}

{{/* BRI_ADMIN_TOKEN from the Secret. */}}
{{- define "bri-context.adminTokenEnv" -}}
- name: BRI_ADMIN_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ include "bri-context.adminSecretName" . }}
      key: {{ include "bri-context.adminSecretKey" . }}
{{- end }}

{{/* Pod-level security context: Kubernetes "restricted" Pod Security Standard. */}}
{{- define "bri-context.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.podSecurityContext.runAsUser }}
runAsGroup: {{ .Values.podSecurityContext.runAsGroup }}
fsGroup: {{ .Values.podSecurityContext.fsGroup }}
fsGroupChangePolicy: {{ .Values.podSecurityContext.fsGroupChangePolicy }}
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* Container-level security context: "restricted" plus a read-only root filesystem. */}}
{{- define "bri-context.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* Writable /tmp (sqlite-jdbc extracts its JNI library to java.io.tmpdir; the JVM writes perf data there). */}}
{{- define "bri-context.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpSizeLimit }}
{{- end }}

{{- define "bri-context.tmpMount" -}}
- name: tmp
  mountPath: /tmp
{{- end }}

{{/* Scheduling settings shared by every pod of the release. */}}
{{- define "bri-context.scheduling" -}}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* Arguments of the backup client, the same for the CronJob and a Job created from it with kubectl. */}}
{{- define "bri-context.backupArgs" -}}
- backup
- create
- --url
- {{ include "bri-context.url" . }}
{{- if .Values.backup.cronjob.verify }}
- --verify
{{- end }}
{{- if .Values.backup.cronjob.cleanup }}
- --cleanup
{{- end }}
{{- end }}
