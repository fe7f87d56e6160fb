// Package deploy_test checks the deployment files in this folder. They
// cannot be run here (no Docker engine, no cluster), so these tests stand
// in for them: every YAML file must parse (all documents), and the files
// must say what README.md promises (two replicas, probes on the Service's
// port, a non-root image built by scripts/build-static, PostgreSQL with a
// healthcheck). The folder holds no Go code: the YAML library is imported
// here by tests only, beside its one importer in the program, knowledge.
package deploy_test

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// repoRoot is the repository, seen from this folder.
const repoRoot = ".."

// deployDir is the folder of deployment files.
var deployDir = filepath.Join(repoRoot, "deploy")

// yamlDocs parses every document of the YAML file at path.
func yamlDocs(t *testing.T, path string) []*yaml.Node {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []*yaml.Node
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			return docs
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		docs = append(docs, &n)
	}
}

// decodeFile decodes the single document of the YAML file at path into v.
func decodeFile(t *testing.T, path string, v any) {
	t.Helper()
	docs := yamlDocs(t, path)
	if len(docs) != 1 {
		t.Fatalf("%s: %d documents, want 1", path, len(docs))
	}
	if err := docs[0].Decode(v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func TestDeployYAMLParses(t *testing.T) {
	t.Parallel()
	var files []string
	err := filepath.WalkDir(deployDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if ext := filepath.Ext(path); !d.IsDir() && (ext == ".yaml" || ext == ".yml") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The ones the other checks rely on, so that a rename is noticed.
	for _, want := range []string{
		"compose.yaml",
		"kubernetes/kustomization.yaml",
		"kubernetes/deployment.yaml",
		"kubernetes/service.yaml",
		"kubernetes/carebot.yaml",
		"slack/manifest.yaml",
	} {
		if !slices.Contains(files, filepath.Join(deployDir, want)) {
			t.Errorf("deploy/%s is missing", want)
		}
	}
	for _, f := range files {
		docs := yamlDocs(t, f)
		if len(docs) == 0 {
			t.Errorf("%s: no YAML document", f)
		}
		for i, d := range docs {
			if len(d.Content) == 0 || d.Content[0].Kind != yaml.MappingNode {
				t.Errorf("%s: document %d is not a mapping", f, i+1)
			}
		}
	}
}

// k8sObject is the part of a Kubernetes object every check needs.
type k8sObject struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
	Metadata   struct {
		Name      string `yaml:"name"`
		Namespace string `yaml:"namespace"`
	} `yaml:"metadata"`
}

// port is a port by number or by name (Kubernetes' IntOrString).
type port string

func (p *port) UnmarshalYAML(n *yaml.Node) error {
	*p = port(n.Value)
	return nil
}

type probe struct {
	HTTPGet struct {
		Path string `yaml:"path"`
		Port port   `yaml:"port"`
	} `yaml:"httpGet"`
}

type securityContext struct {
	RunAsNonRoot             *bool `yaml:"runAsNonRoot"`
	RunAsUser                *int  `yaml:"runAsUser"`
	ReadOnlyRootFilesystem   *bool `yaml:"readOnlyRootFilesystem"`
	AllowPrivilegeEscalation *bool `yaml:"allowPrivilegeEscalation"`
	Capabilities             struct {
		Drop []string `yaml:"drop"`
	} `yaml:"capabilities"`
	SeccompProfile struct {
		Type string `yaml:"type"`
	} `yaml:"seccompProfile"`
}

type container struct {
	Name  string `yaml:"name"`
	Ports []struct {
		Name          string `yaml:"name"`
		ContainerPort int    `yaml:"containerPort"`
	} `yaml:"ports"`
	Env []struct {
		Name      string `yaml:"name"`
		Value     string `yaml:"value"`
		ValueFrom struct {
			SecretKeyRef struct {
				Name string `yaml:"name"`
				Key  string `yaml:"key"`
			} `yaml:"secretKeyRef"`
		} `yaml:"valueFrom"`
	} `yaml:"env"`
	Resources struct {
		Requests map[string]string `yaml:"requests"`
		Limits   map[string]string `yaml:"limits"`
	} `yaml:"resources"`
	ReadinessProbe  *probe          `yaml:"readinessProbe"`
	LivenessProbe   *probe          `yaml:"livenessProbe"`
	SecurityContext securityContext `yaml:"securityContext"`
	VolumeMounts    []struct {
		Name      string `yaml:"name"`
		MountPath string `yaml:"mountPath"`
		SubPath   string `yaml:"subPath"`
	} `yaml:"volumeMounts"`
}

type deployment struct {
	k8sObject `yaml:",inline"`
	Spec      struct {
		Replicas *int `yaml:"replicas"`
		Template struct {
			Spec struct {
				EnableServiceLinks *bool           `yaml:"enableServiceLinks"`
				SecurityContext    securityContext `yaml:"securityContext"`
				Containers         []container     `yaml:"containers"`
				Volumes            []struct {
					Name      string `yaml:"name"`
					ConfigMap *struct {
						Name string `yaml:"name"`
					} `yaml:"configMap"`
				} `yaml:"volumes"`
			} `yaml:"spec"`
		} `yaml:"template"`
	} `yaml:"spec"`
}

type service struct {
	k8sObject `yaml:",inline"`
	Spec      struct {
		Ports []struct {
			Port       int  `yaml:"port"`
			TargetPort port `yaml:"targetPort"`
		} `yaml:"ports"`
	} `yaml:"spec"`
}

type kustomization struct {
	Resources          []string    `yaml:"resources"`
	ConfigMapGenerator []generator `yaml:"configMapGenerator"`
}

// generator is a kustomize configMapGenerator.
type generator struct {
	Name  string   `yaml:"name"`
	Files []string `yaml:"files"`
}

// k8sSetup reads deploy/kubernetes: every manifest's objects by kind, and
// the kustomization.
type k8sSetup struct {
	dir       string
	kust      kustomization
	objects   map[string][]*yaml.Node // by kind
	manifests []string                // files holding Kubernetes objects
}

func setupK8s(t *testing.T) *k8sSetup {
	t.Helper()
	s := &k8sSetup{dir: filepath.Join(deployDir, "kubernetes"), objects: map[string][]*yaml.Node{}}
	decodeFile(t, filepath.Join(s.dir, "kustomization.yaml"), &s.kust)
	files, err := filepath.Glob(filepath.Join(s.dir, "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		base := filepath.Base(f)
		if base == "kustomization.yaml" || slices.ContainsFunc(s.kust.ConfigMapGenerator, func(g generator) bool {
			return slices.Contains(g.Files, base)
		}) {
			continue // not objects: the kustomization, a generator's input
		}
		s.manifests = append(s.manifests, base)
		for i, doc := range yamlDocs(t, f) {
			var o k8sObject
			if err := doc.Decode(&o); err != nil {
				t.Fatalf("%s: document %d: %v", f, i+1, err)
			}
			where := fmt.Sprintf("%s: document %d", f, i+1)
			if o.APIVersion == "" || o.Kind == "" || o.Metadata.Name == "" {
				t.Errorf("%s: want apiVersion, kind and metadata.name, got %q %q %q", where, o.APIVersion, o.Kind, o.Metadata.Name)
			}
			if o.Metadata.Namespace != "" {
				t.Errorf("%s: namespace %q: the manifests are namespace-agnostic", where, o.Metadata.Namespace)
			}
			s.objects[o.Kind] = append(s.objects[o.Kind], doc)
		}
	}
	return s
}

// yamlValue is *p, or "unset".
func yamlValue[T any](p *T) string {
	if p == nil {
		return "unset"
	}
	return fmt.Sprint(*p)
}

// one decodes the only object of kind into v.
func (s *k8sSetup) one(t *testing.T, kind string, v any) {
	t.Helper()
	if n := len(s.objects[kind]); n != 1 {
		t.Fatalf("%d %s objects in deploy/kubernetes, want 1", n, kind)
	}
	if err := s.objects[kind][0].Decode(v); err != nil {
		t.Fatalf("%s: %v", kind, err)
	}
}

func TestDeployKubernetes(t *testing.T) {
	t.Parallel()
	s := setupK8s(t)

	// The kustomization lists every manifest but the Secret example, and
	// every file it names exists.
	for _, m := range s.manifests {
		listed := slices.Contains(s.kust.Resources, m)
		if example := strings.Contains(m, ".example."); listed == example {
			t.Errorf("kustomization.yaml: %s listed %v, want %v (examples are never applied)", m, listed, !example)
		}
	}
	for _, r := range s.kust.Resources {
		if _, err := os.Stat(filepath.Join(s.dir, r)); err != nil {
			t.Errorf("kustomization.yaml: resource %s: %v", r, err)
		}
	}
	for _, g := range s.kust.ConfigMapGenerator {
		for _, f := range g.Files {
			if _, err := os.Stat(filepath.Join(s.dir, f)); err != nil {
				t.Errorf("kustomization.yaml: configMapGenerator %s: %v", g.Name, err)
			}
		}
	}

	var d deployment
	s.one(t, "Deployment", &d)
	var svc service
	s.one(t, "Service", &svc)
	if len(s.objects["PodDisruptionBudget"]) != 1 {
		t.Errorf("want one PodDisruptionBudget")
	}
	if len(s.objects["Secret"]) != 1 {
		t.Errorf("want one Secret (the example)")
	}

	if r := d.Spec.Replicas; r == nil || *r != 2 {
		t.Errorf("Deployment: replicas %s, want 2", yamlValue(r))
	}
	pod := d.Spec.Template.Spec
	if pod.SecurityContext.RunAsNonRoot == nil || !*pod.SecurityContext.RunAsNonRoot {
		t.Errorf("Deployment: pod securityContext.runAsNonRoot is not true")
	}
	if u := pod.SecurityContext.RunAsUser; u == nil || *u == 0 {
		t.Errorf("Deployment: pod securityContext.runAsUser %s, want the image's non-root uid", yamlValue(u))
	}
	if l := pod.EnableServiceLinks; l == nil || *l {
		t.Errorf("Deployment: enableServiceLinks %s, want false (the Service's variables would start with CAREBOT_)", yamlValue(l))
	}
	if len(pod.Containers) != 1 {
		t.Fatalf("Deployment: %d containers, want 1", len(pod.Containers))
	}
	c := pod.Containers[0]
	sc := c.SecurityContext
	if sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot ||
		sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem ||
		sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation ||
		!slices.Equal(sc.Capabilities.Drop, []string{"ALL"}) ||
		sc.SeccompProfile.Type != "RuntimeDefault" {
		t.Errorf("container securityContext %+v: want runAsNonRoot, readOnlyRootFilesystem, no privilege escalation, drop ALL, seccomp RuntimeDefault", sc)
	}
	if c.Resources.Requests["cpu"] == "" || c.Resources.Requests["memory"] == "" || c.Resources.Limits["memory"] == "" {
		t.Errorf("container resources %+v: want cpu and memory requests and a memory limit", c.Resources)
	}

	// Probes: readiness on /readyz, liveness on /healthz, on the port the
	// Service sends traffic to, which the container exposes.
	if len(svc.Spec.Ports) != 1 {
		t.Fatalf("Service: %d ports, want 1", len(svc.Spec.Ports))
	}
	target := svc.Spec.Ports[0].TargetPort
	for _, p := range []struct {
		name  string
		probe *probe
		path  string
	}{
		{"readinessProbe", c.ReadinessProbe, "/readyz"},
		{"livenessProbe", c.LivenessProbe, "/healthz"},
	} {
		if p.probe == nil {
			t.Errorf("container: no %s", p.name)
			continue
		}
		if p.probe.HTTPGet.Path != p.path || p.probe.HTTPGet.Port != target {
			t.Errorf("%s: GET %s on port %q, want GET %s on the Service's targetPort %q", p.name, p.probe.HTTPGet.Path, p.probe.HTTPGet.Port, p.path, target)
		}
	}
	exposed := false
	for _, cp := range c.Ports {
		if string(target) == cp.Name || string(target) == fmt.Sprint(cp.ContainerPort) {
			exposed = exposed || cp.ContainerPort == 8080
		}
	}
	if !exposed {
		t.Errorf("Service targetPort %q is not the container's port 8080 (%+v)", target, c.Ports)
	}

	// The environment: PostgreSQL from the Secret, the knowledge base from
	// a ConfigMap mounted (whole, no subPath, so updates arrive) at
	// CAREBOT_KB_DIR.
	env := map[string]string{}
	for _, e := range c.Env {
		env[e.Name] = e.Value
		if e.Name == "CAREBOT_DATABASE_URL" && (e.Value != "" || e.ValueFrom.SecretKeyRef.Name == "") {
			t.Errorf("CAREBOT_DATABASE_URL must come from a Secret (secretKeyRef)")
		}
	}
	if _, ok := env["CAREBOT_DATABASE_URL"]; !ok {
		t.Errorf("container: no CAREBOT_DATABASE_URL (two replicas need PostgreSQL)")
	}
	kbDir := env["CAREBOT_KB_DIR"]
	kbVolume := ""
	for _, m := range c.VolumeMounts {
		if m.MountPath == kbDir {
			kbVolume = m.Name
			if m.SubPath != "" {
				t.Errorf("knowledge base mounted with subPath: ConfigMap updates would not arrive")
			}
		}
	}
	kbConfigMap := false
	for _, v := range pod.Volumes {
		kbConfigMap = kbConfigMap || (v.Name == kbVolume && v.ConfigMap != nil && v.ConfigMap.Name != "")
	}
	if kbDir == "" || !kbConfigMap {
		t.Errorf("CAREBOT_KB_DIR %q is not where a ConfigMap volume is mounted", kbDir)
	}
}

// composeFile is the part of compose.yaml the checks read.
type composeFile struct {
	Services map[string]struct {
		Image       string         `yaml:"image"`
		Build       any            `yaml:"build"`
		Healthcheck map[string]any `yaml:"healthcheck"`
		DependsOn   map[string]struct {
			Condition string `yaml:"condition"`
		} `yaml:"depends_on"`
		Environment map[string]string `yaml:"environment"`
		EnvFile     []string          `yaml:"env_file"`
		Ports       []string          `yaml:"ports"`
	} `yaml:"services"`
}

func TestDeployCompose(t *testing.T) {
	t.Parallel()
	var f composeFile
	decodeFile(t, filepath.Join(deployDir, "compose.yaml"), &f)
	for name, s := range f.Services {
		if s.Image == "" && s.Build == nil {
			t.Errorf("service %s: neither image nor build", name)
		}
	}
	pg, ok := f.Services["postgres"]
	if !ok {
		t.Fatal("compose.yaml: no postgres service")
	}
	if pg.Healthcheck["test"] == nil {
		t.Errorf("postgres: no healthcheck")
	}
	cb, ok := f.Services["carebot"]
	if !ok {
		t.Fatal("compose.yaml: no carebot service")
	}
	if cb.Build == nil {
		t.Errorf("carebot: not built from deploy/Dockerfile")
	}
	if cb.DependsOn["postgres"].Condition != "service_healthy" {
		t.Errorf("carebot: depends_on postgres %+v, want condition service_healthy", cb.DependsOn["postgres"])
	}
	if u := cb.Environment["CAREBOT_DATABASE_URL"]; !strings.HasPrefix(u, "postgres://") || !strings.Contains(u, "@postgres:") {
		t.Errorf("carebot: CAREBOT_DATABASE_URL %q does not point at the postgres service", u)
	}
	if !slices.Contains(cb.EnvFile, ".env") {
		t.Errorf("carebot: env_file %v, want the secrets from .env", cb.EnvFile)
	}
	if !slices.Contains(cb.Ports, "8080:8080") {
		t.Errorf("carebot: ports %v, want 8080:8080", cb.Ports)
	}
}

func TestDeployDockerfile(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(filepath.Join(deployDir, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	// Instructions, with continuation lines joined and comments dropped.
	var lines []string
	var cur strings.Builder
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if cont, ok := strings.CutSuffix(line, `\`); ok {
			cur.WriteString(cont + " ")
			continue
		}
		cur.WriteString(line)
		lines = append(lines, cur.String())
		cur.Reset()
	}
	var froms []int
	build := false
	for i, l := range lines {
		upper := strings.ToUpper(l)
		if strings.HasPrefix(upper, "FROM ") {
			froms = append(froms, i)
		}
		if strings.HasPrefix(upper, "RUN ") && regexp.MustCompile(`(^|\s)scripts/build-static\s`).MatchString(l) {
			build = true
		}
	}
	if !build {
		t.Errorf("Dockerfile: no RUN scripts/build-static (the build CI runs)")
	}
	if len(froms) < 2 {
		t.Fatalf("Dockerfile: %d stages, want a builder and a final stage", len(froms))
	}
	if !strings.Contains(lines[froms[0]], "golang:") {
		t.Errorf("Dockerfile: first stage %q is not a golang image", lines[froms[0]])
	}
	final := lines[froms[len(froms)-1]:]
	user := ""
	for _, l := range final {
		if u, ok := strings.CutPrefix(l, "USER "); ok {
			user = strings.TrimSpace(u)
		}
		if strings.HasPrefix(l, "RUN ") {
			t.Errorf("Dockerfile: final stage runs %q: the image has no shell", l)
		}
	}
	if uid, _, _ := strings.Cut(user, ":"); uid == "" || uid == "0" || uid == "root" {
		t.Errorf("Dockerfile: final stage USER %q, want a non-root user", user)
	}
	if !slices.Contains(final, "EXPOSE 8080") {
		t.Errorf("Dockerfile: final stage does not EXPOSE 8080")
	}

	script, err := os.ReadFile(filepath.Join(repoRoot, "scripts", "build-static"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"CGO_ENABLED=0 go build", "-trimpath", "-s -w", "-X main.version="} {
		if !bytes.Contains(script, []byte(want)) {
			t.Errorf("scripts/build-static does not contain %q", want)
		}
	}
}

func TestDeploySystemd(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(filepath.Join(deployDir, "systemd", "carebot.service"))
	if err != nil {
		t.Fatal(err)
	}
	unit := map[string][]string{}
	for line := range strings.Lines(string(data)) {
		k, v, ok := strings.Cut(strings.TrimSpace(line), "=")
		if ok && !strings.HasPrefix(k, "#") {
			unit[k] = append(unit[k], v)
		}
	}
	for key, want := range map[string]string{
		"ExecStart":       "/usr/local/bin/carebot serve --config /etc/carebot/carebot.yaml",
		"ExecReload":      "/bin/kill -HUP $MAINPID",
		"KillSignal":      "SIGTERM",
		"EnvironmentFile": "/etc/carebot/env",
		"StateDirectory":  "carebot",
		"DynamicUser":     "yes",
		"ProtectSystem":   "strict",
		"NoNewPrivileges": "yes",
	} {
		if !slices.Contains(unit[key], want) {
			t.Errorf("carebot.service: %s=%v, want %s", key, unit[key], want)
		}
	}
	if len(unit["TimeoutStopSec"]) == 0 {
		t.Errorf("carebot.service: no TimeoutStopSec")
	}
}

// keyPaths lists the dotted paths of every mapping key in n ("a", "a.b").
func keyPaths(n *yaml.Node, prefix string, into map[string]int) {
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			keyPaths(c, prefix, into)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			p := prefix + n.Content[i].Value
			into[p] = n.Content[i].Line
			keyPaths(n.Content[i+1], p+".", into)
		}
	}
}

// The pods' config file sets only keys that the example config documents
// (carebot rejects unknown keys at start).
func TestDeployKubernetesConfigKeys(t *testing.T) {
	t.Parallel()
	example := filepath.Join(deployDir, "carebot.example.yaml")
	known := map[string]int{}
	for _, d := range yamlDocs(t, example) {
		keyPaths(d, "", known)
	}
	cfg := filepath.Join(deployDir, "kubernetes", "carebot.yaml")
	used := map[string]int{}
	for _, d := range yamlDocs(t, cfg) {
		keyPaths(d, "", used)
	}
	for p, line := range used {
		if _, ok := known[p]; !ok {
			t.Errorf("%s:%d: key %s is not in deploy/carebot.example.yaml", cfg, line, p)
		}
	}
}
