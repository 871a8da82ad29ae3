"""Validate request bodies against the Elasticsearch 8.15 compiled specification (vendored subset).

The specification's metamodel: `interface` (properties, inheritance, generics, behaviors,
container variants, a shortcut property), `enum`, `type_alias` (possibly a tagged union) and value
kinds `instance_of`, `array_of`, `union_of`, `dictionary_of`, `literal_value`,
`user_defined_value`. `errors()` returns every violation found as "path: message" strings
(unknown keys, missing required keys, wrong value types, values outside an enum, container
objects with other than one variant); an empty list means the body is valid.
"""

from __future__ import annotations

import gzip
import json
from functools import cache
from pathlib import Path
from typing import Any

SUBSET = Path(__file__).with_name("schema-subset-8.15.json.gz")

TypeKey = tuple[str, str]
Env = dict[TypeKey, tuple[dict[str, Any], "Env"]]
"""Generic parameters bound to a value type (and the environment that value type is read in)."""

_BUILTINS: dict[str, Any] = {
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "null": lambda v: v is None,
    "binary": lambda v: isinstance(v, str),
    "void": lambda v: True,
}


def _key(ref: dict[str, Any]) -> TypeKey:
    return (ref["namespace"], ref["name"])


def _kind(value: Any) -> str:
    return type(value).__name__


class SpecValidator:
    """Checks JSON values against named types of the specification."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.types: dict[TypeKey, dict[str, Any]] = {_key(t["name"]): t for t in schema["types"]}
        self.endpoints: dict[str, TypeKey] = {
            name: _key(ref) for name, ref in schema["endpoints"].items()
        }

    # ---- entry points -------------------------------------------------------------------

    def body_errors(self, endpoint: str, body: Any) -> list[str]:
        """Violations of `body` as the request body of an endpoint (e.g. "search")."""
        request = self.types[self.endpoints[endpoint]]
        spec = request["body"]
        errors: list[str] = []
        if spec["kind"] == "properties":
            self._interface(body, {"properties": spec["properties"]}, {}, "body", errors)
        elif spec["kind"] == "value":
            self._value(body, spec["value"], {}, "body", errors)
        elif body is not None:
            errors.append(f"body: {endpoint} takes no body")
        return errors

    def type_errors(self, namespace: str, name: str, value: Any, path: str = "$") -> list[str]:
        """Violations of `value` as an instance of the named type."""
        errors: list[str] = []
        self._instance((namespace, name), [], value, {}, path, errors)
        return errors

    # ---- value kinds --------------------------------------------------------------------

    def _value(self, value: Any, spec: dict[str, Any], env: Env, path: str, out: list[str]) -> None:
        kind = spec["kind"]
        if kind == "instance_of":
            self._instance(_key(spec["type"]), spec.get("generics", []), value, env, path, out)
        elif kind == "array_of":
            if not isinstance(value, list):
                out.append(f"{path}: expected an array, got {_kind(value)}")
                return
            for i, item in enumerate(value):
                self._value(item, spec["value"], env, f"{path}[{i}]", out)
        elif kind == "union_of":
            self._union(value, spec["items"], env, path, out)
        elif kind == "dictionary_of":
            self._dictionary(value, spec, env, path, out)
        elif kind == "literal_value":
            if value != spec["value"]:
                out.append(f"{path}: expected {spec['value']!r}, got {value!r}")
        elif kind != "user_defined_value":
            out.append(f"{path}: unsupported spec kind {kind}")

    def _union(self, value: Any, items: list[Any], env: Env, path: str, out: list[str]) -> None:
        attempts = []
        for item in items:
            errors: list[str] = []
            self._value(value, item, env, path, errors)
            if not errors:
                return
            attempts.append(errors)
        # The attempt that got deepest into the value explains the failure best.
        closest = max(attempts, key=lambda errors: (len(errors[0].split(":")[0]), -len(errors)))
        out.append(f"{path}: matches no union member; closest: {closest[0]}")

    def _dictionary(
        self, value: Any, spec: dict[str, Any], env: Env, path: str, out: list[str]
    ) -> None:
        if not isinstance(value, dict):
            out.append(f"{path}: expected an object, got {_kind(value)}")
            return
        if spec.get("singleKey") and len(value) != 1:
            out.append(f"{path}: expected exactly one key, got {len(value)}")
        for key, item in value.items():
            self._value(key, spec["key"], env, f"{path}.<key {key}>", out)
            self._value(item, spec["value"], env, f"{path}.{key}", out)

    def _instance(
        self, key: TypeKey, generics: list[Any], value: Any, env: Env, path: str, out: list[str]
    ) -> None:
        if key in env:  # a generic parameter: check against what it is bound to
            bound, bound_env = env[key]
            self._value(value, bound, bound_env, path, out)
            return
        if key[0] == "_builtins":
            if not _BUILTINS[key[1]](value):
                out.append(f"{path}: expected {key[1]}, got {_kind(value)} {value!r:.40}")
            return
        spec = self.types.get(key)
        if spec is None:
            out.append(f"{path}: type {key[0]}.{key[1]} is not in the vendored subset")
            return
        inner = self._bind(spec, generics, env)
        if spec["kind"] == "type_alias":
            variants = spec.get("variants", {})
            if variants.get("kind") == "internal_tag":
                self._tagged(value, spec, variants, inner, path, out)
            else:
                self._value(value, spec["type"], inner, path, out)
        elif spec["kind"] == "enum":
            self._enum(value, spec, path, out)
        elif spec["kind"] == "interface":
            self._interface(value, spec, inner, path, out)
        else:
            out.append(f"{path}: cannot validate a {spec['kind']}")

    @staticmethod
    def _bind(spec: dict[str, Any], generics: list[Any], env: Env) -> Env:
        params = [_key(p) for p in spec.get("generics", [])]
        return {param: (arg, env) for param, arg in zip(params, generics, strict=False)}

    @staticmethod
    def _enum(value: Any, spec: dict[str, Any], path: str, out: list[str]) -> None:
        names = {m["name"] for m in spec["members"]}
        names |= {alias for m in spec["members"] for alias in m.get("aliases", [])}
        if isinstance(value, bool) and str(value).lower() in names:
            return
        if not isinstance(value, str):
            out.append(f"{path}: expected one of {sorted(names)}, got {_kind(value)}")
        elif value not in names and not spec.get("isOpen"):
            out.append(f"{path}: {value!r} is not one of {sorted(names)}")

    def _tagged(
        self,
        value: Any,
        spec: dict[str, Any],
        variants: dict[str, Any],
        env: Env,
        path: str,
        out: list[str],
    ) -> None:
        if not isinstance(value, dict):
            out.append(f"{path}: expected an object, got {_kind(value)}")
            return
        tag_name = variants["tag"]
        tag = value.get(tag_name, variants.get("defaultTag"))
        for item in spec["type"]["items"]:
            member = self.types[_key(item["type"])]
            tag_prop = next(
                (p for p in self._properties(member, env)[0].values() if p["name"] == tag_name),
                None,
            )
            if tag_prop and tag_prop["type"].get("value") == tag:
                self._value(value, item, env, path, out)
                return
        out.append(f"{path}.{tag_name}: unknown variant {tag!r}")

    # ---- interfaces ---------------------------------------------------------------------

    def _properties(
        self, spec: dict[str, Any], env: Env
    ) -> tuple[dict[str, dict[str, Any]], dict[str, tuple[dict[str, Any], Env]]]:
        """Properties by name and alias (own and inherited), each with the env it is read in."""
        by_name: dict[str, dict[str, Any]] = {}
        envs: dict[str, tuple[dict[str, Any], Env]] = {}
        parent = spec.get("inherits")
        if parent:
            parent_spec = self.types[_key(parent["type"])]
            parent_env = self._bind(parent_spec, parent.get("generics", []), env)
            by_name, envs = self._properties(parent_spec, parent_env)
        for prop in spec.get("properties", []):
            for name in (prop["name"], *prop.get("aliases", [])):
                by_name[name] = prop
                envs[name] = (prop, env)
        return by_name, envs

    def _interface(
        self, value: Any, spec: dict[str, Any], env: Env, path: str, out: list[str]
    ) -> None:
        props, envs = self._properties(spec, env)
        shortcut = props.get(spec["shortcutProperty"]) if "shortcutProperty" in spec else None
        extra = None
        for behavior in spec.get("behaviors", []):
            if behavior["type"]["name"] in ("AdditionalProperties", "AdditionalProperty"):
                extra = (behavior["type"]["name"], behavior["generics"][1])
        if not isinstance(value, dict):
            if shortcut is not None:
                self._value(value, shortcut["type"], envs[shortcut["name"]][1], path, out)
            else:
                out.append(f"{path}: expected an object, got {_kind(value)}")
            return
        unknown = [k for k in value if k not in props]
        field_keys = unknown if extra is not None else []
        container = spec.get("variants", {}).get("kind") == "container"
        if extra is not None:
            # One field key (e.g. {"term": {"district": ...}}); a container counts it below.
            if extra[0] == "AdditionalProperty" and not container and len(unknown) != 1:
                out.append(f"{path}: expected exactly one field key, got {unknown}")
            for key in unknown:
                self._value(value[key], extra[1], env, f"{path}.{key}", out)
            unknown = []
        for key in unknown:
            out.append(f"{path}.{key}: unknown key")
        for name, prop in {p["name"]: p for p in props.values()}.items():
            present = [n for n in (name, *prop.get("aliases", [])) if n in value]
            if prop.get("required") and not present:
                out.append(f"{path}.{name}: required key missing")
            for n in present:
                self._value(value[n], prop["type"], envs[n][1], f"{path}.{n}", out)
        if container:
            chosen = [k for k in value if k in props and not props[k].get("containerProperty")]
            chosen += field_keys
            if len(chosen) != 1:
                out.append(f"{path}: a container takes exactly one variant, got {chosen}")


@cache
def spec_validator() -> SpecValidator:
    """The validator over the vendored 8.15 subset (loaded once)."""
    return SpecValidator(json.loads(gzip.decompress(SUBSET.read_bytes())))
