# oqsdiag — see README.md. Out-of-tree objects in $(BUILD); dependencies
# through pkg-config; automatic header dependencies (-MMD).

CC      ?= cc
BUILD   ?= build
PREFIX  ?= /usr/local
DESTDIR ?=
PKGS    := libcares libcurl openssl libpcre2-8 expat jansson libarchive
CFLAGS  ?= -O2 -g
# Warnings are errors in CI (CI=true) and whenever WERROR=1.
ifneq ($(filter true 1,$(CI) $(WERROR)),)
  WERRFLAG := -Werror
endif
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)
ALL_CFLAGS = -std=c11 -Wall -Wextra -Wpedantic $(WERRFLAG) -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
             -I. -MMD -MP $(PKG_CFLAGS) $(CPPFLAGS) $(CFLAGS)
LIBS = $(PKG_LIBS) -lpthread -lm

LIB_SRC := $(sort $(filter-out core/platform_%.c cmd/main.c, \
             $(wildcard core/*.c probes/*.c collectors/*.c collectors/*/*.c kb/*.c cmd/*.c)))
PLAT_SRC := $(sort $(wildcard core/platform_posix*.c))
KB_FILES := $(sort $(wildcard kb/entries/*.kb))
GEN_KB   := $(BUILD)/gen/kb_embedded.c
FIX_FILES := $(sort $(wildcard kb/entries/*.fix))
GEN_FIX   := $(BUILD)/gen/repairs_embedded.c

LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/kb_embedded.o $(BUILD)/gen/repairs_embedded.o
PLAT_OBJ := $(PLAT_SRC:%.c=$(BUILD)/%.o)
LIB      := $(BUILD)/liboqsdiag.a

TEST_SRC     := $(sort $(wildcard tests/*/test_*.c))
TEST_SUPPORT := $(sort $(wildcard tests/support/*.c))
TEST_BIN     := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRC))
TEST_SUP_OBJ := $(TEST_SUPPORT:%.c=$(BUILD)/%.o)

.SECONDARY:
.PHONY: all deps deps-test doctor test test-run tests-build check clean install uninstall kb-lint
all: $(BUILD)/oqsdiag

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/tests/support/%.o: tests/support/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -I. -Itests/support -DOQS_SOURCE_DIR='"$(CURDIR)"' \
	    -DOQS_BUILD_DIR='"$(abspath $(BUILD))"' -c $< -o $@

$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -Wall -Wextra -O1 $< -o $@

$(GEN_KB): $(BUILD)/tools/embed $(KB_FILES)
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed kb_builtin $(KB_FILES) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/kb_embedded.o: $(GEN_KB)
	$(CC) $(ALL_CFLAGS) -I. -c $< -o $@

$(GEN_FIX): $(BUILD)/tools/embed $(FIX_FILES)
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed kb_repairs_builtin $(FIX_FILES) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/repairs_embedded.o: $(GEN_FIX)
	$(CC) $(ALL_CFLAGS) -I. -c $< -o $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/oqsdiag: $(BUILD)/cmd/main.o $(LIB) $(PLAT_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/tests/%: tests/%.c $(LIB) $(PLAT_OBJ) $(TEST_SUP_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -I. -Itests/support -DOQS_SOURCE_DIR='"$(CURDIR)"' \
	    -DOQS_BUILD_DIR='"$(abspath $(BUILD))"' $< -o $@ $(TEST_SUP_OBJ) $(LIB) $(PLAT_OBJ) \
	    $(LDFLAGS) $(CMOCKA_LIBS) $(LIBS)

# Without the libraries the build stops at once with the modules missing
# and how to get them, not with a compiler error about a header.
.PHONY: pkgs-present
pkgs-present:
	@missing=""; for p in $(PKGS); do pkg-config --exists $$p 2>/dev/null || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	    echo "oqsdiag: pkg-config does not find:$$missing" >&2; \
	    echo "oqsdiag: install them with 'make deps' (or: sh tools/deps.sh build)" >&2; exit 1; fi
$(LIB_OBJ) $(PLAT_OBJ): | pkgs-present

# The dependency script installs what pkg-config misses (Debian: apt-get).
deps:
	@sh tools/deps.sh build
deps-test:
	@sh tools/deps.sh test

# README command 1: build and run the main job on this machine.
doctor: deps
	@$(MAKE) --no-print-directory all
	$(BUILD)/oqsdiag doctor

# README command 2: build and run the whole test suite, then the same suite
# under ASan+UBSan, then every fuzz target briefly (docs/hardening.md).
test: deps-test
	@$(MAKE) --no-print-directory test-run
	@$(MAKE) --no-print-directory check
	@$(MAKE) --no-print-directory fuzz-smoke

test-run: $(BUILD)/oqsdiag $(TEST_BIN)
	@sh tests/run.sh $(BUILD)

# Builds the program and every test without running them.
tests-build: $(BUILD)/oqsdiag $(TEST_BIN)

# The whole suite under AddressSanitizer and UBSan.
check: deps-test
	@$(MAKE) --no-print-directory BUILD=build/asan \
	    CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    LDFLAGS="-fsanitize=address,undefined" test-run

kb-lint: $(BUILD)/oqsdiag
	$(BUILD)/oqsdiag kb lint kb/entries

install: $(BUILD)/oqsdiag
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(BUILD)/oqsdiag $(DESTDIR)$(PREFIX)/bin/oqsdiag

clean:
	rm -rf build

# Further targets (windows, fuzz, bench, install extras) live in mk/*.mk.
include $(sort $(wildcard mk/*.mk))

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
