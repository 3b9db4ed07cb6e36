# vouchd: `make run` starts a demo server, `make test` runs every test (ASan+UBSan build),
# `make build` puts the release binary at build/vouchd, `make bench` compares with the peers and
# measures the API and feedback ingest (BENCH_PARTS="peers api ingest" selects),
# `make fuzz` runs the libFuzzer targets.
# Every target installs missing Debian packages first (Debian 12, as root).

SHELL := /bin/bash
JOBS ?= $(shell nproc)
BUILD_DIR ?= build
TEST_DIR ?= build-test
DNS ?= 127.0.0.1:5300
HTTP ?= 127.0.0.1:8053
DEMO_DIR ?= .run

DEB_PACKAGES := build-essential cmake ninja-build pkg-config libboost-dev libsqlite3-dev sqlite3 \
  libssl-dev nlohmann-json3-dev libcpp-httplib-dev libgtest-dev libgmock-dev libbenchmark-dev \
  libcli11-dev libspdlog-dev libfmt-dev libexpected-dev libidn2-dev knot-dnsutils \
  bind9-dnsutils python3-dnspython openssl libgmime-3.0-dev libpugixml-dev libzip-dev zlib1g-dev \
  curl
BENCH_PACKAGES := nsd knot rbldnsd pdns-server pdns-backend-sqlite3 bind9 dnsperf bc time

.PHONY: all deps build run test bench fuzz clean

all: build

deps:
	@bash cmake/install-deps.sh $(DEB_PACKAGES)

build: deps
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -DVOUCHD_TESTS=OFF
	cmake --build $(BUILD_DIR) -j $(JOBS) --target vouchd

run: build
	@bash docker/demo/run-demo.sh $(BUILD_DIR)/vouchd $(DEMO_DIR) $(DNS) $(HTTP)

test: deps
	cmake -S . -B $(TEST_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DVOUCHD_SANITIZE=ON
	cmake --build $(TEST_DIR) -j $(JOBS)
	cd $(TEST_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 600

bench: build
	@bash cmake/install-deps.sh $(BENCH_PACKAGES)
	@bash bench/run-bench.sh $(BUILD_DIR)/vouchd

# libFuzzer builds of every fuzz target (clang), each run for FUZZ_SECONDS on its corpus; new
# inputs that raise coverage are added to tests/fuzz/<target>/.
FUZZ_DIR ?= build-fuzz
FUZZ_SECONDS ?= 60
fuzz: deps
	@bash cmake/install-deps.sh clang libclang-rt-14-dev
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DVOUCHD_FUZZ=ON
	cmake --build $(FUZZ_DIR) -j $(JOBS) --target fuzz_message fuzz_master_file fuzz_name_text fuzz_query fuzz_arf fuzz_dmarc fuzz_event \
	  fuzz_mbox fuzz_zone_policy
	for t in message master_file name_text query arf dmarc event mbox zone_policy; do \
	  $(FUZZ_DIR)/tests/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) tests/fuzz/$$t || exit 1; \
	done

clean:
	rm -rf $(BUILD_DIR) $(TEST_DIR) $(DEMO_DIR) $(FUZZ_DIR)
