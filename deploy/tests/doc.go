// Package tests checks deploy/: the Dockerfiles, the Kustomize overlays and
// the pod's lifecycle with the real binaries.
package tests
