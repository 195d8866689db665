{{- define "ma.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "ma.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "ma.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "ma.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* selector labels of one component (api or worker): pass (dict "ctx" $ "component" "api") */}}
{{- define "ma.selector" -}}
app.kubernetes.io/name: {{ include "ma.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "ma.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "ma.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "ma.secretName" -}}
{{- default (printf "%s-generated" (include "ma.fullname" .)) .Values.secrets.existingSecret -}}
{{- end -}}

{{- define "ma.artifactsClaim" -}}
{{- default (printf "%s-artifacts" (include "ma.fullname" .)) .Values.artifacts.persistence.existingClaim -}}
{{- end -}}

{{/* the Pod spec both Deployments share: pass (dict "ctx" $ "component" "worker" "values" .Values.worker "grace" N) */}}
{{- define "ma.podSpec" -}}
{{- $ := .ctx -}}
serviceAccountName: {{ include "ma.serviceAccountName" $ }}
{{- /* only workers talk to the Kubernetes API (sandbox Pods); the api gets no token */}}
automountServiceAccountToken: {{ and (eq .component "worker") (eq $.Values.sandbox.kind "kubernetes") }}
terminationGracePeriodSeconds: {{ .grace }}
{{- with $.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml $.Values.podSecurityContext | nindent 2 }}
containers:
  - name: {{ .component }}
    image: "{{ $.Values.image.repository }}:{{ $.Values.image.tag | default $.Chart.AppVersion }}"
    imagePullPolicy: {{ $.Values.image.pullPolicy }}
    args: [{{ .component | quote }}]
    ports:
      - name: http
        containerPort: 8080
        protocol: TCP
    env:
      - name: SERVER_PORT
        value: "8080"
      - name: ARCHITECT_DATA_DIR
        value: /data
      - name: ARCHITECT_ARTIFACTS_DIR
        value: /artifacts
      - name: ARCHITECT_WORKER_NAME
        valueFrom:
          fieldRef:
            fieldPath: metadata.name
      - name: ARCHITECT_SHUTDOWN_GRACE
        value: "{{ $.Values.shutdownGraceSeconds }}s"
      - name: ARCHITECT_SANDBOX
        value: {{ $.Values.sandbox.kind | quote }}
      - name: ARCHITECT_KUBERNETES_NAMESPACE
        value: {{ $.Values.sandbox.namespace | quote }}
      {{- with $.Values.sandbox.image }}
      - name: ARCHITECT_KUBERNETES_IMAGE
        value: {{ . | quote }}
      {{- end }}
      - name: ARCHITECT_PROMETHEUS_PUBLIC
        value: {{ $.Values.metrics.public | quote }}
      - name: DATABASE_URL
        valueFrom:
          secretKeyRef:
            name: {{ $.Values.database.existingSecret }}
            key: {{ $.Values.database.urlKey }}
      - name: JWT_SECRET
        valueFrom:
          secretKeyRef:
            name: {{ include "ma.secretName" $ }}
            key: JWT_SECRET
      - name: ARCHITECT_ADMIN_PASSWORD
        valueFrom:
          secretKeyRef:
            name: {{ include "ma.secretName" $ }}
            key: ARCHITECT_ADMIN_PASSWORD
            optional: true
      {{- range $.Values.secrets.extraKeys }}
      - name: {{ . }}
        valueFrom:
          secretKeyRef:
            name: {{ include "ma.secretName" $ }}
            key: {{ . }}
      {{- end }}
      {{- range $k, $v := $.Values.env }}
      - name: {{ $k }}
        value: {{ $v | quote }}
      {{- end }}
      {{- with $.Values.extraEnv }}
      {{- toYaml . | nindent 6 }}
      {{- end }}
    # Boot's health groups: liveness is the process itself, readiness includes the database
    startupProbe:
      httpGet: {path: /actuator/health/liveness, port: http}
      periodSeconds: 5
      failureThreshold: 36
    livenessProbe:
      httpGet: {path: /actuator/health/liveness, port: http}
      periodSeconds: 10
      timeoutSeconds: 5
      failureThreshold: 3
    readinessProbe:
      httpGet: {path: /actuator/health/readiness, port: http}
      periodSeconds: 5
      timeoutSeconds: 5
      failureThreshold: 3
    resources:
      {{- toYaml .values.resources | nindent 6 }}
    securityContext:
      {{- toYaml $.Values.securityContext | nindent 6 }}
    volumeMounts:
      - {name: tmp, mountPath: /tmp}
      - {name: data, mountPath: /data}
      - {name: artifacts, mountPath: /artifacts}
volumes:
  - name: tmp
    emptyDir: {sizeLimit: {{ $.Values.tmpSizeLimit }}}
  - name: data
    emptyDir: {sizeLimit: {{ $.Values.dataSizeLimit }}}
  - name: artifacts
    {{- if $.Values.artifacts.persistence.enabled }}
    persistentVolumeClaim:
      claimName: {{ include "ma.artifactsClaim" $ }}
    {{- else }}
    # one Pod's own directory: only for a single serve-like Pod, never for several api/worker Pods
    emptyDir: {}
    {{- end }}
{{- with .values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}
