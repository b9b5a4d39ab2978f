#!/usr/bin/env python3
"""Helpers of deploy/check-dashboard.sh (standard library and PyYAML only).

  lint DASHBOARD                         the dashboard's structure (JSON, schema, ids, variables, units)
  prom-config SRC DST TARGET RULES BB    a Prometheus config for the check, from SRC's agora and agora-health jobs
  targets DIR                            the target files (file_sd) in DIR: *.yml and *.yml.example
  free-ports N                           N free TCP ports on 127.0.0.1
  verify PROM_URL DASHBOARD              every panel query against a live Prometheus (see verify())
"""
import json
import math
import os
import re
import socket
import sys
import urllib.error
import urllib.parse
import urllib.request

# Metrics of docs/metrics.md that the pod started by the check cannot produce yet, and why. A panel
# whose query is empty only because one of these has no series is reported as NOT VERIFIED (not as
# passed); any other empty panel fails. Remove an entry as soon as the pod produces the metric (the
# check says so when it sees one).
NOT_PRODUCED_YET = {
}

# Label values the contract (docs/metrics.md) allows, checked on every series Prometheus scraped.
EVENT_TERRITORY = r"[A-Z]{2}|pod"
CONTRACT_LABELS = {
    "http_server_requests_seconds_count": {"method": r"[A-Z]+", "route": r"/.*|unmatched",
                                           "status_class": r"[1-5]xx", "territory": r"[A-Z]{2}|none"},
    "agora_db_pool_connections": {"state": r"active|idle|pending"},
    "agora_db_pool_max_connections": {},
    "agora_outbox_backlog": {"service": r"[a-z]+", "territory": EVENT_TERRITORY},
    "agora_outbox_lag_seconds": {"service": r"[a-z]+", "territory": EVENT_TERRITORY},
    "agora_relay_published_total": {"service": r"[a-z]+", "territory": EVENT_TERRITORY},
    "agora_relay_failures_total": {"service": r"[a-z]+", "territory": EVENT_TERRITORY},
    "agora_consumer_processed_total": {"consumer": r"[a-z_]+", "territory": EVENT_TERRITORY,
                                       "outcome": r"applied|duplicate|retried|unavailable|dead"},
    "agora_consumer_lag": {"consumer": r"[a-z_]+", "territory": EVENT_TERRITORY},
    "agora_dead_letters": {"service": r"[a-z]+", "territory": EVENT_TERRITORY},
    "agora_cache_requests_total": {"namespace": r".+", "result": r"hit|miss"},
}

KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or",
            "unless", "offset", "inf", "nan", "atan2"}


def lint(path):
    errors = []
    try:
        with open(path, encoding="utf-8") as f:
            dash = json.load(f)
    except (OSError, ValueError) as e:
        print(f"lint: {path}: not valid JSON: {e}")
        return 1
    if not isinstance(dash.get("schemaVersion"), int) or dash["schemaVersion"] < 38:
        errors.append(f"schemaVersion {dash.get('schemaVersion')!r} < 38")
    for key in ("uid", "title"):
        if not dash.get(key):
            errors.append(f"missing {key}")
    variables = {v.get("name"): v for v in dash.get("templating", {}).get("list", [])}
    if variables.get("datasource", {}).get("type") != "datasource" or variables["datasource"].get("query") != "prometheus":
        errors.append("no $datasource variable of type datasource (prometheus)")
    want = "label_values(http_server_requests_seconds_count, territory)"
    if variable_query(variables.get("territory", {})) != want:
        errors.append(f"$territory must come from {want}")
    ids = []
    for panel in all_panels(dash):
        ids.append(panel.get("id"))
        where = f"panel {panel.get('id')} {panel.get('title')!r}"
        if not isinstance(panel.get("id"), int):
            errors.append(f"{where}: id is not an integer")
        if not panel.get("gridPos"):
            errors.append(f"{where}: no gridPos")
        if panel.get("type") == "row":
            continue
        targets = panel.get("targets") or []
        if not targets:
            errors.append(f"{where}: no queries")
        if panel.get("datasource", {}).get("uid") != "${datasource}":
            errors.append(f"{where}: datasource is not ${{datasource}}")
        if not panel.get("fieldConfig", {}).get("defaults", {}).get("unit"):
            errors.append(f"{where}: no unit")
        for target in targets:
            if not target.get("expr"):
                errors.append(f"{where}: query {target.get('refId')} has no expr")
            if target.get("datasource", {}).get("uid") not in (None, "${datasource}"):
                errors.append(f"{where}: query {target.get('refId')} does not use ${{datasource}}")
    duplicates = sorted({i for i in ids if ids.count(i) > 1 and i is not None})
    if duplicates:
        errors.append(f"duplicate panel ids: {duplicates}")
    for e in errors:
        print(f"lint: {path}: {e}")
    if not errors:
        print(f"lint: {path}: valid (schemaVersion {dash['schemaVersion']}, {len(ids)} panels, "
              f"variables {', '.join('$' + n for n in variables)})")
    return 1 if errors else 0


def all_panels(dash):
    for panel in dash.get("panels", []):
        yield panel
        yield from panel.get("panels", []) or []


def variable_query(variable):
    query = variable.get("query")
    if isinstance(query, dict):
        query = query.get("query")
    return (query or variable.get("definition") or "").strip()


def prom_config(src, dst, target, rules, blackbox):
    """SRC's agora job scraping TARGET, its agora-health job probing TARGET through BLACKBOX.

    Both jobs read their targets from target files (file_sd); here they get one static target
    instead, labelled as the shipped targets/pod.yml labels the local pod."""
    import yaml
    with open(src, encoding="utf-8") as f:
        config = yaml.safe_load(f)
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    agora, health = jobs.get("agora"), jobs.get("agora-health")
    if not agora or not health:
        sys.exit(f"prom-config: {src} has no agora job or no agora-health job")
    pod_targets = os.path.join(os.path.dirname(src), "targets", "pod.yml")
    with open(pod_targets, encoding="utf-8") as f:
        groups = yaml.safe_load(f)
    if not isinstance(groups, list) or len(groups) != 1 or not groups[0].get("labels"):
        sys.exit(f"prom-config: {pod_targets} does not hold one labelled target group")
    labels = dict(groups[0]["labels"])
    for job in (agora, health):
        if "file_sd_configs" not in job:
            sys.exit(f"prom-config: job {job['job_name']} of {src} has no file_sd_configs")
        job.pop("file_sd_configs")
        job["static_configs"] = [{"targets": [target], "labels": dict(labels)}]
    for rule in health["relabel_configs"]:
        if rule.get("target_label") == "__address__":
            rule["replacement"] = blackbox
    config["global"].update({"scrape_interval": "1s", "scrape_timeout": "1s", "evaluation_interval": "1s"})
    config["rule_files"] = [rules]
    config["scrape_configs"] = [agora, health]
    with open(dst, "w", encoding="utf-8") as f:
        yaml.safe_dump(config, f, sort_keys=False)
    return 0


def targets(directory):
    """Every target file (and example) holds target groups of host:port targets labelled pod and service."""
    import glob
    import yaml
    errors, groups = [], 0
    files = sorted(glob.glob(os.path.join(directory, "*.yml")) + glob.glob(os.path.join(directory, "*.yml.example")))
    for path in files:
        try:
            with open(path, encoding="utf-8") as f:
                content = yaml.safe_load(f)
        except (OSError, yaml.YAMLError) as e:
            errors.append(f"{path}: not valid YAML: {e}")
            continue
        if not isinstance(content, list):
            errors.append(f"{path}: not a list of target groups")
            continue
        for i, group in enumerate(content):
            groups += 1
            where = f"{path}: group {i + 1}"
            addresses = group.get("targets") if isinstance(group, dict) else None
            if not addresses or not all(isinstance(a, str) and re.fullmatch(r"[^\s/:]+:\d+", a) for a in addresses):
                errors.append(f"{where}: targets must be host:port addresses")
            labels = group.get("labels", {}) if isinstance(group, dict) else {}
            for label in ("pod", "service"):
                if not isinstance(labels, dict) or not labels.get(label):
                    errors.append(f"{where}: no {label} label")
    for e in errors:
        print(f"targets: {e}")
    if not files:
        errors.append("none")
        print(f"targets: no target files in {directory}")
    if not errors:
        print(f"targets: {len(files)} files, {groups} target groups, each labelled pod and service")
    return 1 if errors else 0


def free_ports(n):
    sockets = []
    for _ in range(n):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        sockets.append(s)
    print(" ".join(str(s.getsockname()[1]) for s in sockets))
    for s in sockets:
        s.close()
    return 0


def api(prom, path, params):
    url = f"{prom}{path}?{urllib.parse.urlencode(params, doseq=True)}"
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            body = json.load(response)
    except urllib.error.HTTPError as e:
        try:
            body = json.load(e)
        except ValueError:
            return None, f"HTTP {e.code}"
    except (OSError, ValueError) as e:
        return None, str(e)
    if body.get("status") != "success":
        return None, f"{body.get('errorType')}: {body.get('error')}"
    return body["data"], None


def query(prom, expr):
    data, error = api(prom, "/api/v1/query", {"query": expr})
    if error:
        return None, error
    return data.get("result", []), None


def metric_names(expr):
    """The metric names an expression reads (not functions, keywords, labels or durations)."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)
    text = re.sub(r"\{[^}]*\}", "", text)
    text = re.sub(r"\[[^\]]*\]", "", text)
    text = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", text)
    names = set()
    for match in re.finditer(r"[A-Za-z_:][A-Za-z0-9_:]*", text):
        name = match.group(0)
        rest = text[match.end():].lstrip()
        if name.lower() in KEYWORDS or rest.startswith("("):
            continue
        names.add(name)
    return sorted(names)


def substitute(expr, values):
    for name in sorted(values, key=len, reverse=True):
        expr = expr.replace("${" + name + "}", values[name]).replace("$" + name, values[name])
    return expr


def variable_values(prom, dash):
    """Each query variable's values from Prometheus, like Grafana's label_values(); picks one."""
    chosen = {"__rate_interval": "30s", "__interval": "5s", "__range": "1m"}
    problems = []
    for variable in dash.get("templating", {}).get("list", []):
        if variable.get("type") != "query":
            continue
        name = variable["name"]
        definition = variable_query(variable)
        match = re.fullmatch(r"label_values\((?:(.+),\s*)?([A-Za-z_][A-Za-z0-9_]*)\)", definition)
        if not match:
            problems.append(f"${name}: cannot evaluate {definition!r}")
            continue
        selector, label = match.group(1), match.group(2)
        params = {"match[]": substitute(selector, chosen)} if selector else {}
        data, error = api(prom, f"/api/v1/label/{label}/values", params)
        if error or not data:
            problems.append(f"${name}: {definition} returned {error or 'no values'}")
            continue
        real = [v for v in data if v != "none"]
        chosen[name] = real[0] if real else data[0]
        print(f"  ${name} = {chosen[name]!r} (from {definition}: {', '.join(data)})")
    return chosen, problems


def verify(prom, path):
    with open(path, encoding="utf-8") as f:
        dash = json.load(f)
    # The shell script adds excuses of its own run ("name=reason" lines), e.g. no NATS outage.
    for line in os.environ.get("CHECK_DASHBOARD_NOT_PRODUCED", "").splitlines():
        if "=" in line:
            name, reason = line.split("=", 1)
            NOT_PRODUCED_YET[name.strip()] = reason.strip()
    print("Template variables:")
    values, failures = variable_values(prom, dash)
    present = {}

    def has_series(name):
        if name not in present:
            result, error = query(prom, f'count({{__name__="{name}"}})')
            present[name] = bool(result) and not error
        return present[name]

    passed, not_verified = [], []
    print("Panels:")
    for panel in all_panels(dash):
        for target in panel.get("targets") or []:
            label = f"panel {panel['id']} {panel['title']!r} query {target.get('refId')}"
            expr = substitute(target["expr"], values)
            result, error = query(prom, expr)
            names = metric_names(expr)
            missing = [n for n in names if not has_series(n)]
            if error:
                failures.append(f"{label}: query error {error}\n      {expr}")
                continue
            values_seen = [float(r["value"][1]) for r in result]
            numbers = [v for v in values_seen if not math.isnan(v)]
            unexpected = [n for n in missing if n not in NOT_PRODUCED_YET]
            excused = [n for n in missing if n in NOT_PRODUCED_YET]
            if unexpected:
                failures.append(f"{label}: no series of {', '.join(unexpected)} in Prometheus\n      {expr}")
            elif excused:
                reasons = "; ".join(f"{n}: {NOT_PRODUCED_YET[n]}" for n in excused)
                not_verified.append(f"{label}: {reasons}")
                print(f"  NOT VERIFIED {label}: {', '.join(excused)} not produced yet")
            elif not numbers:
                failures.append(f"{label}: {'empty result' if not result else 'only NaN'}\n      {expr}")
            else:
                passed.append(label)
                print(f"  ok   {label}: {len(result)} series, e.g. {format_sample(result[0])}")

    for name in sorted(NOT_PRODUCED_YET):
        if has_series(name):
            print(f"  note: {name} is produced now; remove it from NOT_PRODUCED_YET in {__file__}")

    print("Contract labels (docs/metrics.md):")
    for name, labels in CONTRACT_LABELS.items():
        result, error = query(prom, f'{{__name__="{name}"}}')
        if error or not result:
            if name not in NOT_PRODUCED_YET:
                failures.append(f"{name}: no series in Prometheus (docs/metrics.md lists it)")
            continue
        bad = set()
        for series in result:
            metric = series["metric"]
            for key, pattern in labels.items():
                value = metric.get(key)
                if value is None or not re.fullmatch(pattern, value):
                    bad.add(f"{key}={value!r}")
        if bad:
            failures.append(f"{name}: label values outside the contract: {', '.join(sorted(bad))}")
        else:
            print(f"  ok   {name}: {len(result)} series")

    print("Readiness probe (job agora-health, blackbox exporter):")
    result, error = query(prom, 'probe_success{job="agora-health"}')
    if error or not result or float(result[0]["value"][1]) != 1:
        failures.append(f"probe_success of job agora-health is not 1 now: {error or result}")
    else:
        print(f"  ok   now: {format_sample(result[0])}")
    if os.environ.get("CHECK_DASHBOARD_OUTAGE"):
        result, error = query(prom, 'min_over_time(probe_success{job="agora-health"}[5m])')
        if error or not result or float(result[0]["value"][1]) != 0:
            failures.append(f"probe_success never dropped to 0 during the NATS outage: {error or result}")
        else:
            print("  ok   it was 0 during the NATS outage (AgoraNotReady's signal)")

    print("Rules (deploy/prometheus/rules/agora.yml) evaluated against the pod:")
    data, error = api(prom, "/api/v1/rules", {})
    rules = [r for group in (data or {}).get("groups", []) for r in group["rules"]]
    if error or not rules:
        failures.append(f"rules: not loaded ({error or 'no rules'})")
    for rule in rules:
        if rule.get("health") != "ok":
            failures.append(f"rule {rule['name']}: health {rule.get('health')}: {rule.get('lastError')}")
    recorded = [r["name"] for r in rules if r["type"] == "recording"]
    for name in ("service_route:http_server_requests:rate5m", "service_route:http_server_requests_seconds:p99_5m"):
        result, error = query(prom, name)
        if name in recorded and not result:
            failures.append(f"recording rule {name}: no series")
    if rules:
        print(f"  {len(rules)} rules, all evaluated without error" if not any(
            r.get("health") != "ok" for r in rules) else "  some rules failed (below)")

    print()
    print(f"{len(passed)} queries return data; {len(not_verified)} not verified; {len(failures)} failures.")
    for line in not_verified:
        print(f"  NOT VERIFIED {line}")
    for line in failures:
        print(f"  FAIL {line}")
    return 1 if failures else 0


def format_sample(sample):
    labels = ",".join(f'{k}="{v}"' for k, v in sorted(sample["metric"].items()))
    return f"{{{labels}}} {sample['value'][1]}"


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    command, args = argv[1], argv[2:]
    if command == "lint":
        return lint(*args)
    if command == "targets":
        return targets(*args)
    if command == "prom-config":
        return prom_config(*args)
    if command == "free-ports":
        return free_ports(int(args[0]))
    if command == "verify":
        return verify(*args)
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
