#!/usr/bin/python3
"""Offline field check of the manifests in deploy/ (no cluster needed).

Every key of every object must be a field of its Kubernetes API type, with
a value of the field's type, as the python3-kubernetes package's models
(generated from the API's OpenAPI schema) describe them; required fields
must be there; the TOML snippets must parse.  It cannot check what only a server knows (admission, the
nodes' runtimes).  Usage: check-manifests.py FILE.yaml...; exit 1 with one
line per problem, 77 when the package is missing (a skip)."""
import re
import sys

try:
    import yaml
    from kubernetes import client
except ImportError as e:
    print(f"SKIP: {e} (Debian: python3-kubernetes, python3-yaml)")
    sys.exit(77)

KINDS = {("v1", "Namespace"): "V1Namespace", ("apps/v1", "DaemonSet"): "V1DaemonSet",
         ("node.k8s.io/v1", "RuntimeClass"): "V1RuntimeClass"}
PRIMITIVE = {"str": str, "int": int, "bool": bool, "float": (int, float), "object": object}


def check(value, typ, path, errors):
    m = re.fullmatch(r"list\[(.*)\]", typ)
    if m:
        if not isinstance(value, list):
            errors.append(f"{path}: expected a list")
            return
        for i, v in enumerate(value):
            check(v, m.group(1), f"{path}[{i}]", errors)
        return
    m = re.fullmatch(r"dict\(str, (.*)\)", typ)
    if m:
        if not isinstance(value, dict):
            errors.append(f"{path}: expected a mapping")
            return
        for k, v in value.items():
            check(v, m.group(1), f"{path}.{k}", errors)
        return
    if typ in PRIMITIVE:
        if not isinstance(value, PRIMITIVE[typ]) or (typ == "int" and isinstance(value, bool)):
            errors.append(f"{path}: expected {typ}, got {type(value).__name__}")
        return
    model = getattr(client, typ)
    if not isinstance(value, dict):
        errors.append(f"{path}: expected an object ({typ})")
        return
    by_json = {j: a for a, j in model.attribute_map.items()}
    for k, v in value.items():
        if k not in by_json:
            errors.append(f"{path}.{k}: not a field of {typ}")
            continue
        check(v, model.openapi_types[by_json[k]], f"{path}.{k}", errors)


def required_missing(value, typ, path, errors):
    """Fields the API requires, by constructing the model without them."""
    model = getattr(client, typ, None)
    if model is None or not isinstance(value, dict):
        return
    cfg = client.Configuration()
    cfg.client_side_validation = True
    for attr, j in model.attribute_map.items():
        if j in value:
            continue
        try:
            obj = model.__new__(model)
            obj.local_vars_configuration = cfg
            setattr(obj, attr, None)
        except ValueError:
            errors.append(f"{path}.{j}: required by {typ}")
    for attr, j in model.attribute_map.items():
        if j in value:
            sub = model.openapi_types[attr]
            m = re.fullmatch(r"list\[(.*)\]", sub)
            if m and isinstance(value[j], list):
                for i, v in enumerate(value[j]):
                    required_missing(v, m.group(1), f"{path}.{j}[{i}]", errors)
            else:
                required_missing(value[j], sub, f"{path}.{j}", errors)


def main(files):
    errors, n = [], 0
    for f in files:
        if not f.endswith((".yaml", ".yml")):
            # The node snippets are TOML (containerd, CRI-O): they must parse.
            import tomllib
            try:
                with open(f, "rb") as fh:
                    tomllib.load(fh)
            except tomllib.TOMLDecodeError as e:
                errors.append(f"{f}: {e}")
            continue
        with open(f) as fh:
            for i, doc in enumerate(yaml.safe_load_all(fh)):
                if doc is None:
                    continue
                n += 1
                key = (doc.get("apiVersion"), doc.get("kind"))
                where = f"{f}: document {i} ({key[1]})"
                if key not in KINDS:
                    errors.append(f"{where}: kind not checked here")
                    continue
                check(doc, KINDS[key], where, errors)
                required_missing(doc, KINDS[key], where, errors)
    for e in errors:
        print(e)
    print(f"# {n} objects checked, {len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
