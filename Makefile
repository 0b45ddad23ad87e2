# vrc — build, test and demo on Debian 12 with Swift, as root.
#
#   make demo   install what is missing, build, apply a fixture ruleset and a router document in fresh namespaces
#   make test   install what is missing, then swift test (kernel tests run in their own namespaces)
#   make release  a static release build (.build/release/vrc), the one to deploy and to benchmark
#   make bench    make release, then scripts/bench.sh: vrc bench apply, update and packets into docs/bench/
#   make docs     DocC archives of the library modules; fails on a DocC warning or an undocumented public symbol
#   make examples build Examples/ (a package that links vrc by path) and run it in a namespace of its own
#   make fuzz     the libFuzzer targets of Fuzz/, each for FUZZ_SECONDS (default 180); FUZZ_TARGETS picks some
#
# SWIFT_FLAGS passes extra flags to swift build/test, e.g. SWIFT_FLAGS="--scratch-path .build-me".

SHELL := /bin/bash
SWIFT ?= swift
SWIFT_FLAGS ?=
DEB_PACKAGES := libnftnl-dev libmnl-dev pkg-config nftables iptables iproute2 conntrack dnsmasq-base python3 iputils-ping procps

# Under CI a kernel test that would be skipped (not root) fails the run instead.
ifeq ($(CI),true)
export VRC_REQUIRE_KERNEL_TESTS := 1
endif

.PHONY: all deps build test demo release bench docs examples fuzz clean

all: build

# Installs the Debian packages that are not installed yet; `apt-get update` runs once, only when needed.
deps:
	@missing=""; \
	for package in $(DEB_PACKAGES); do \
	    dpkg-query -W -f='$${Status}' "$$package" 2>/dev/null | grep -q 'install ok installed' \
	        || missing="$$missing $$package"; \
	done; \
	if [ -z "$$missing" ]; then \
	    echo "deps: all Debian packages present"; \
	elif [ "$$(id -u)" -ne 0 ]; then \
	    echo "deps: missing Debian packages:$$missing (run make as root to install them)" >&2; exit 1; \
	else \
	    echo "deps: installing$$missing"; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get update -qq </dev/null \
	        && apt-get install -y -qq --no-install-recommends $$missing </dev/null; \
	fi

build: deps
	$(SWIFT) build $(SWIFT_FLAGS)

test: deps
	$(SWIFT) test $(SWIFT_FLAGS)

# The Swift runtime and Foundation linked in: the command starts in about 6 ms instead of 10.
release: deps
	$(SWIFT) build -c release --static-swift-stdlib $(SWIFT_FLAGS)

bench: release
	bash scripts/bench.sh "$$($(SWIFT) build -c release --static-swift-stdlib $(SWIFT_FLAGS) --show-bin-path)/vrc"

demo: build
	VRC="$$($(SWIFT) build $(SWIFT_FLAGS) --show-bin-path)/vrc" bash scripts/demo.sh
	VRC="$$($(SWIFT) build $(SWIFT_FLAGS) --show-bin-path)/vrc" bash scripts/router-demo.sh

# DocC archives of the library modules into .build-docs/docs/ (scripts/docs.sh).
docs: deps
	bash scripts/docs.sh

# Builds Examples/ and runs it; needs root (it makes a namespace of its own).
examples: deps
	bash scripts/examples.sh

FUZZ_SECONDS ?= 180
FUZZ_TARGETS ?=

# libFuzzer targets of Fuzz/ (Fuzz/README.md): the regression inputs first, then each target for FUZZ_SECONDS.
fuzz: deps
	bash scripts/fuzz.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

clean:
	rm -rf .build
