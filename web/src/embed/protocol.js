// The embed postMessage protocol, version 1. Envelope: {whydenied: {v: 1, type, token, ...}}.
// child -> parent: ready, resize {height}, open-full (no URL, no content: the parent knows the scenario).
// parent -> child: set-theme {theme: light|dark|auto}, set-lang {lang: en|ja}.
// Unknown types are ignored on both sides so either can evolve.
export const NS = 'whydenied';
export const PROTOCOL_VERSION = 1;
