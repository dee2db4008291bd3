# The front door.  Every target installs the Debian packages it needs.
SHELL := /bin/sh
S := scripts

.PHONY: help demo check check-quick kunit stress mutants bench bench-grid bench-fast bench-repeat microbench pressure baseline readme tree guest export vm clean

help:
	@echo "make demo      fetch 7.3, apply the series, build, boot, run the benchmark once"
	@echo "make check     apply, checkpatch, build every patch, boot and verify (N passed, N failed)"
	@echo "make check-quick  apply, checkpatch, the tip's build, one x86_64 guest (ZSARGS=GROUP:"
	@echo "              only that group of guest/jobs/check.sh)"
	@echo "make kunit     the zsmalloc KUnit suite under UML with kunit.py (make check runs it"
	@echo "              in every guest kernel instead)"
	@echo "make stress    debug kernel under swap_stress and disturbances (DURATION=seconds,"
	@echo "              SANITIZER=kasan or kcsan)"
	@echo "make mutants   every planted bug in tests/mutants/ must fail the guest check"
	@echo "              (MUTANTS=GLOB; ZSJOB=stress: the KASAN stress job must fail instead)"
	@echo "make bench     the record: interleaved A/B runs of base and series, every level of"
	@echo "              every workload dimension in six grids (PARTS=\"4 6\": those; times: README);"
	@echo "              ARCH=arm64: the headline workloads on arm64, 16 and 4 KiB pages"
	@echo "make bench-grid  every combination of them, or those SIZES PROCS MODES DATA SWAP"
	@echo "              FOLIOS KERNELS BOOTS RUNS name (all of them: days under TCG)"
	@echo "make bench-fast  base and series at 256 MiB, 1 and 2 processes"
	@echo "make bench-repeat  bench-fast twice, and whether the ratios repeat within their spread"
	@echo "make microbench  zs_free() against zs_freeq_push() and the drain, per object (KUnit)"
	@echo "make pressure  global reclaim with the free queue on and off (bench/results/<date>-pressure/)"
	@echo "make baseline  the unpatched kernel alone (bench/results/<date>-baseline/)"
	@echo "make tree      build/linux: base tag + branch series (RESET=1 rebuilds it)"
	@echo "make guest     kernel and initramfs of build/linux (VARIANT=series, i386, arm64,"
	@echo "              arm64-16k, arm, kasan, kcsan)"
	@echo "make export    build/linux branch series -> series/v7.3 (signed off by your git identity)"
	@echo "make vm        a shell in the patched guest (exit with Ctrl-a x; VARIANT=arm64...)"
	@echo "make readme    regenerate the tables in README.md and bench/README.md (bench/readme-inputs.txt)"
	@echo "make clean     remove build/ (the downloaded .deb stays cached)"

tree:
	@sh $(S)/prepare-tree.sh

export:
	@sh $(S)/export-series.sh

VARIANT ?= series
guest: tree
	@sh $(S)/build-guest.sh $(VARIANT) >/dev/null

demo: tree
	@set -e; set -- $$(sh $(S)/build-guest.sh $(VARIANT)); \
		ARCH=$$3 sh $(S)/run-vm.sh $$1 $$2 build/logs/demo.log zsjob=demo

vm: tree
	@set -e; set -- $$(sh $(S)/build-guest.sh $(VARIANT)); \
		ARCH=$$3 VM_SHELL=1 sh $(S)/run-vm.sh $$1 $$2 build/logs/vm.log

check:
	@sh tests/check.sh

check-quick:
	@QUICK=1 sh tests/check.sh

kunit: tree
	@sh tests/kunit-uml.sh

DURATION ?= 3600
SANITIZER ?= kasan
stress: tree
	@SANITIZER=$(SANITIZER) DURATION=$(DURATION) sh tests/stress.sh

mutants:
	@sh tests/mutants.sh

bench: tree
ifeq ($(ARCH),arm64)
	@VARIANT=arm64-16k sh bench/record.sh
	@VARIANT=arm64 sh bench/record.sh
else
	@sh bench/record.sh
endif

bench-grid: tree
	@sh bench/bench.sh

bench-fast: tree
	@FAST=1 sh bench/bench.sh

DAY := $(shell date +%Y-%m-%d)
bench-repeat: tree
	@FAST=1 NAME=$(DAY)-fast-1 sh bench/bench.sh
	@FAST=1 NAME=$(DAY)-fast-2 sh bench/bench.sh
	@/usr/bin/python3 bench/zsbench.py repeat bench/results/$(DAY)-fast-repeat \
		bench/results/$(DAY)-fast-1 bench/results/$(DAY)-fast-2

microbench: tree
	@sh bench/microbench.sh

pressure: tree
	@sh bench/pressure.sh

baseline: tree
	@KERNELS=base NAME=$(DAY)-baseline PROCS='1 2' MODES=munmap DATA=words SWAP=zram FOLIOS=4k \
		sh bench/bench.sh

readme:
	@/usr/bin/python3 bench/zsbench.py readme

clean:
	rm -rf build
