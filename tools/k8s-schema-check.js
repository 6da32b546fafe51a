#!/usr/bin/env node
// Validates Kubernetes objects against their OpenAPI schemas, strictly: used by k8s-check's SchemaTest.
//
// stdin: a JSON array of objects. stdout: a JSON array, one entry per object, each a list of error strings
// (empty when the object is valid). An object whose apiVersion/kind no package below models is an error too.
//
// The models (kubernetes-models, @kubernetes-models/keda, @kubernetes-models/prometheus-operator) check types,
// formats, enums and required fields, but accept unknown fields (their schemas allow additional properties),
// which the API server rejects under kubectl's default --validate=strict. So every field is also checked for
// being known: the models' validators read each property their schema declares, and enumerate the keys of
// maps (labels, data, ...); a key the validator neither read nor enumerated is not in the schema.
"use strict";

const PACKAGES = ["kubernetes-models", "@kubernetes-models/keda", "@kubernetes-models/prometheus-operator"];

function modelClass(apiVersion, kind) {
  if (typeof apiVersion !== "string" || typeof kind !== "string") {
    return undefined;
  }
  for (const pkg of PACKAGES) {
    try {
      const cls = require(`${pkg}/${apiVersion}`)[kind];
      if (cls) {
        return cls;
      }
    } catch (e) {
      if (e.code !== "MODULE_NOT_FOUND" && e.code !== "ERR_PACKAGE_PATH_NOT_EXPORTED") {
        throw e;
      }
    }
  }
  return undefined;
}

// A copy of value whose objects record which of their keys were read, and whether their keys were enumerated.
function tracked(value, records) {
  if (value === null || typeof value !== "object") {
    return value;
  }
  const record = { value, read: new Set(), enumerated: false, children: new Map() };
  records.set(value, record);
  const copy = Array.isArray(value) ? [] : {};
  for (const [k, v] of Object.entries(value)) {
    copy[k] = tracked(v, records);
  }
  return new Proxy(copy, {
    get(target, key, receiver) {
      if (typeof key === "string") record.read.add(key);
      return Reflect.get(target, key, receiver);
    },
    has(target, key) {
      if (typeof key === "string") record.read.add(key);
      return Reflect.has(target, key);
    },
    ownKeys(target) {
      record.enumerated = true;
      return Reflect.ownKeys(target);
    },
  });
}

// Keys no schema declares, as JSON pointers; below an unknown key nothing more is reported.
function unknownFields(value, records, path, out) {
  if (value === null || typeof value !== "object") {
    return out;
  }
  const record = records.get(value);
  for (const [k, v] of Object.entries(value)) {
    const p = `${path}/${k}`;
    if (Array.isArray(value) || record.enumerated || record.read.has(k)) {
      unknownFields(v, records, p, out);
    } else {
      out.push(`${p}: unknown field`);
    }
  }
  return out;
}

function check(object) {
  const cls = modelClass(object && object.apiVersion, object && object.kind);
  if (!cls) {
    return [`no schema for apiVersion ${object && object.apiVersion}, kind ${object && object.kind}`];
  }
  const errors = [];
  const model = new cls(object);
  const records = new Map();
  const plain = model.toJSON();
  const proxy = tracked(plain, records);
  try {
    model.validate.call(proxy);
  } catch (e) {
    errors.push(...String(e.message).split(/, (?=data)/).map((m) => m.replace(/^data/, "")));
  }
  return errors.concat(unknownFields(plain, records, "", []));
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const objects = JSON.parse(input);
  process.stdout.write(JSON.stringify(objects.map(check)));
});
