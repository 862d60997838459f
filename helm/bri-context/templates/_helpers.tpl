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

{{/*
Names of objects derived from the full name, each cut so that the suffix fits: 63 characters for most names and
label values, 52 for a CronJob (the controller appends 11 characters to name its Jobs).
*/}}
{{- define "bri-context.suffixedName" -}}
{{- $name := index . 0 }}{{ $suffix := index . 1 }}{{ $max := index . 2 }}
{{- printf "%s-%s" ($name | trunc (int (sub $max (add 1 (len $suffix)))) | trimSuffix "-") $suffix }}
{{- end }}

{{- define "bri-context.backupCronJobName" -}}
{{- include "bri-context.suffixedName" (list (include "bri-context.fullname" .) "backup" 52) }}
{{- end }}

{{/* Whether the backup CronJob is rendered: enabled, and a service pod runs that it could ask. */}}
{{- define "bri-context.backupCronJobEnabled" -}}
{{- if and .Values.backup.cronjob.enabled (gt (int .Values.replicaCount) 0) }}true{{ end }}
{{- end }}

{{/* Labels on every object, without the component (each object adds its own). */}}
{{- define "bri-context.labels" -}}
helm.sh/chart: {{ include "bri-context.chart" . }}
app.kubernetes.io/name: {{ include "bri-context.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: bri
{{- end }}

{{/*
Selector labels of the service pod: name, instance and component "server". The component keeps the backup, restore
and test pods (same name and instance) out of the Service, the PDB and the NetworkPolicy. Immutable in Deployments.
*/}}
{{- define "bri-context.selectorLabels" -}}
app.kubernetes.io/name: {{ include "bri-context.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: server
{{- end }}

{{/* Labels of the service pod's objects (Deployment, pod, Service, PDB, NetworkPolicy). */}}
{{- define "bri-context.serverLabels" -}}
{{ include "bri-context.labels" . }}
app.kubernetes.io/component: server
{{- end }}

{{/* Label on the release's own client pods (backup, restore, tests): the NetworkPolicy lets them in. */}}
{{- define "bri-context.clientLabel" -}}
bri.dev/client-of: {{ include "bri-context.fullname" . | quote }}
{{- end }}

{{/* Environment variables the chart sets itself; `config` must not set them again (the schema refuses them too). */}}
{{- define "bri-context.checkConfig" -}}
{{- range $key := list "BRI_DATA_DIR" "BRI_BACKUP_DIR" "BRI_ADMIN_TOKEN" "BRI_BACKUP_CRON" "BRI_CACHE_REDIS_ENABLED" "QUARKUS_REDIS_HOSTS" "JAVA_MAX_MEM_RATIO" "BRI_STORAGE_POOL_SIZE" "BRI_STORAGE_CACHE_SIZE_KIB" }}
{{- if hasKey $.Values.config $key }}
{{- fail (printf "config.%s is set by the chart itself; use the chart's own value for it" $key) }}
{{- end }}
{{- end }}
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
{{- include "bri-context.suffixedName" (list (include "bri-context.fullname" .) "generated" 63) }}
{{- end }}
{{- end }}

{{- define "bri-context.adminSecretKey" -}}
{{- if .Values.auth.existingSecret }}{{ .Values.auth.existingSecretKey }}{{ else }}admin-token{{ end }}
{{- end }}

{{/*
The admin token of the chart's Secret: auth.adminToken, else the token of the live Secret, else a new random one.
No token given: generated on the first install and reused on every later render (lookup reads the live Secret),
so upgrades keep the token. The Secret is a normal resource, not a hook: switching an existing release to a
generated token creates it. GitOps tools render without cluster access (lookup is empty there): use
auth.existingSecret with them. GeneratedTokenTest renders this against a stand-in API server.
*/}}
{{- define "bri-context.adminToken" -}}
{{- $token := .Values.auth.adminToken -}}
{{- if not $token -}}
{{- $name := include "bri-context.adminSecretName" . -}}
{{- $live := lookup "v1" "Secret" .Release.Namespace $name -}}
{{- if and $live $live.data (hasKey $live.data "admin-token") -}}
{{- $token = index $live.data "admin-token" | b64dec -}}
{{- else -}}
{{- $token = randAlphaNum 48 -}}
{{- end -}}
{{- end -}}
{{- $token -}}
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
