# libFuzzer targets (docs/hardening.md). Every fuzz/fuzz_<name>.c defines
# LLVMFuzzerTestOneInput and is built two ways:
#   make fuzz        clang-14, -fsanitize=fuzzer + ASan + UBSan, the library
#                    rebuilt with -fsanitize=fuzzer-no-link into build/fuzz;
#                    binaries build/fuzz/bin/fuzz_<name>
#   make test-run    gcc, linked with tests/fuzz/replay.c into
#                    $(BUILD)/tests/fuzz/test_replay_<name>: replays the
#                    target's regression inputs and seeds (fuzz/corpora.txt)
# make fuzz-smoke runs each target FUZZ_SECONDS (default 20), two targets at a time
# on a machine with two cores (FUZZ_JOBS);
# make fuzz-long FUZZ_SECONDS=600 for the long local runs.

FUZZ_CC      ?= clang-14
FUZZ_BUILD   ?= build/fuzz
FUZZ_SECONDS ?= 20
FUZZ_JOBS    ?=
FUZZ_SRC     := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_NAMES   := $(FUZZ_SRC:fuzz/fuzz_%.c=%)
FUZZ_BINS     = $(FUZZ_NAMES:%=$(BUILD)/bin/fuzz_%)
FUZZ_REPLAY  := $(FUZZ_NAMES:%=$(BUILD)/tests/fuzz/test_replay_%)
FUZZ_CFLAGS  := -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined \
                -fno-sanitize-recover=all

.PHONY: fuzz fuzz-bins fuzz-smoke fuzz-long

fuzz:
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) CFLAGS="$(FUZZ_CFLAGS)" \
	    LDFLAGS="-fsanitize=address,undefined" fuzz-bins

fuzz-bins: $(FUZZ_BINS)

fuzz-smoke: fuzz
	@sh fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_JOBS)

fuzz-long: fuzz
	@sh fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_JOBS)

# The target's own object: -I. so a target may include "core/NAME.h".
$(BUILD)/fuzz/%.o: fuzz/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -I. -Ifuzz -c $< -o $@

$(BUILD)/bin/fuzz_%: $(BUILD)/fuzz/fuzz_%.o $(LIB) $(PLAT_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fsanitize=fuzzer $< -o $@ $(PLAT_OBJ) $(LIB) $(LDFLAGS) $(LIBS)

# The replay binaries join the test suite (tests/run.sh runs every test_*).
test-run: $(FUZZ_REPLAY)

$(BUILD)/tests/fuzz/replay.o: tests/fuzz/replay.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -I. -Ifuzz -Itests/support -DOQS_SOURCE_DIR='"$(CURDIR)"' -c $< -o $@

$(BUILD)/tests/fuzz/test_replay_%: $(BUILD)/tests/fuzz/replay.o $(BUILD)/fuzz/fuzz_%.o \
                                   $(LIB) $(PLAT_OBJ) $(TEST_SUP_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(BUILD)/tests/fuzz/replay.o $(BUILD)/fuzz/fuzz_$*.o -o $@ $(TEST_SUP_OBJ) \
	    $(PLAT_OBJ) $(LIB) $(LDFLAGS) $(CMOCKA_LIBS) $(LIBS)
