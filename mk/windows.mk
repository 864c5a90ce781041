# Windows (docs/windows.md): `make windows` cross-builds oqsdiag.exe (and
# oqsdiag-collect.exe) with mingw-w64; `make windows-test` runs the Win32
# platform tests under Wine; `make test` runs those, the cross-built cmocka
# suite and oqsdiag.exe under Wine when both are installed;
# `make windows-check` compiles every source file for Windows.

WIN_CC     ?= x86_64-w64-mingw32-gcc
WINE       ?= /usr/lib/wine/wine64
WIN_BUILD  ?= build/win
WIN_CFLAGS := -std=c11 -Wall -Wextra -Wpedantic $(WERRFLAG) -O2 -g -I. -D_WIN32_WINNT=0x0A00 \
              -D__USE_MINGW_ANSI_STDIO=1 -MMD -MP
WIN_LIBS   := -static -lcrypt32 -lshell32 -lole32 -luuid -ladvapi32 -lws2_32 -lwinhttp -lsecur32
# What needs only Win32 and the C library: no jansson, curl, OpenSSL...
# (Debian has no mingw-w64 builds of them). The live collector is every
# collectors/sources/live*.c, so a new one joins without a line here, except
# the two that need jansson and expat (WIN_LIVE_LIB), for which
# tools/win/live_nolib.c stands in.
WIN_LIVE_LIB := collectors/sources/live_local.c collectors/sources/live_results.c
WIN_SRC    := $(sort $(wildcard core/platform_win32*.c)) core/buf.c core/err.c core/oom.c core/config.c core/suggest.c \
              core/encoding.c collectors/layout.c collectors/parsers/text.c tools/win/live_nolib.c \
              $(filter-out $(WIN_LIVE_LIB),$(sort $(wildcard collectors/sources/live*.c)))
WIN_OBJ    := $(WIN_SRC:%.c=$(WIN_BUILD)/%.o)
WIN_TESTS  := $(WIN_BUILD)/tests/wt_platform.exe $(WIN_BUILD)/tests/wt_emit.exe \
              $(WIN_BUILD)/tests/wt_schannel.exe
WIN_HAVE   := $(shell command -v $(WIN_CC) >/dev/null 2>&1 && test -x $(WINE) && echo yes)

.PHONY: windows windows-test windows-check
windows: $(WIN_BUILD)/oqsdiag-collect.exe

$(WIN_BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(WIN_CC) $(WIN_CFLAGS) -c $< -o $@

$(WIN_BUILD)/oqsdiag-collect.exe: $(WIN_BUILD)/tools/win/oqsdiag_collect.o $(WIN_OBJ)
	$(WIN_CC) -o $@ $^ $(WIN_LIBS)

$(WIN_BUILD)/tests/wt_platform.exe: $(WIN_BUILD)/tests/win32/wt_platform.o $(WIN_OBJ)
	@mkdir -p $(dir $@)
	$(WIN_CC) -o $@ $^ $(WIN_LIBS)

$(WIN_BUILD)/tests/wt_emit.exe: $(WIN_BUILD)/tests/win32/wt_emit.o
	@mkdir -p $(dir $@)
	$(WIN_CC) -o $@ $^ -static

# Puts a certificate with its key into the Wine user's store and shows what
# Wine's crypt32 and Schannel do with it (tools/win/wine-full.sh, section 3).
$(WIN_BUILD)/tests/wt_schannel.exe: $(WIN_BUILD)/tests/win32/wt_schannel.o
	@mkdir -p $(dir $@)
	$(WIN_CC) -o $@ $^ -static -lsecur32 -lcrypt32 -lws2_32 -lshell32

# The snapshot the collector writes under Wine stays in $(WIN_BUILD)/snapshot.
windows-test: $(WIN_TESTS)
	@sh tools/win/wine-test.sh $(WIN_BUILD)/tests tests/fixtures/win32 $(WIN_BUILD)/snapshot

# `make test` runs the Wine tests through tests/run.sh as one more test
# program; without Wine or the cross compiler it reports them skipped. The
# snapshot it writes is kept in $(BUILD)/win-snapshot for
# tests/win32/test_wine_snapshot.c, which runs next.
# In the main build (not the sanitizer one) the complete oqsdiag.exe and the
# cross-built cmocka suite join in (tools/win/wine-full.sh) whenever the
# cross compiler and Wine are there: the libraries are built first by
# tools/win/deps.sh (cached outside the clone; the first time about 13 min
# of a 2-core machine, later runs seconds). `WIN_FULL_TESTS=no` leaves them
# out (wt_platform.exe still runs); without mingw-w64 or wine64 the Wine
# tests print one "skipped: ..." line (tools/win/wine-test.sh).
WIN_FULL_TESTS ?= $(if $(WIN_HAVE),yes,no)
ifeq ($(BUILD)$(WIN_HAVE)$(WIN_FULL_TESTS),buildyesyes)
WIN_FULL_RUN := WINE_FULL="$(CURDIR) $(abspath $(BUILD)) $(abspath $(WIN_BUILD)/full) $(abspath $(BUILD))/win-full" 
WIN_FULL_DEP := windows-full-built
endif
.PHONY: windows-full-built
windows-full-built: $(BUILD)/oqsdiag
	@prefix=$$(sh tools/win/deps.sh) && \
	    $(MAKE) --no-print-directory WIN_PREFIX="$$prefix" windows-full-tests

test-run: $(BUILD)/tests/win32/test_wine
# Written on every run (a printf): what it runs follows WIN_FULL_TESTS.
.PHONY: $(BUILD)/tests/win32/test_wine
ifeq ($(BUILD),build)
$(BUILD)/tests/win32/test_wine: tools/win/wine-test.sh $(if $(WIN_HAVE),$(WIN_TESTS)) $(WIN_FULL_DEP)
	@mkdir -p $(dir $@)
	@printf '#!/bin/sh\n%sexec sh "%s/tools/win/wine-test.sh" "%s" "%s/tests/fixtures/win32" "%s"\n' \
	    '$(WIN_FULL_RUN)' "$(CURDIR)" "$(abspath $(WIN_BUILD)/tests)" "$(CURDIR)" "$(abspath $(BUILD))/win-snapshot" > $@
	@chmod +x $@
else
# The sanitizer and other builds: the Windows program is the same, so the
# Wine tests run once, in the main build's pass.
$(BUILD)/tests/win32/test_wine: mk/windows.mk
	@mkdir -p $(dir $@)
	@printf '#!/bin/sh\necho "skipped: the Wine tests run in the main build (make test-run)"\necho "[  SKIPPED ] 1 test(s)."\n' > $@
	@chmod +x $@
endif


# Every file of the program (not the Linux-only test servers under tests/ and
# tools/, nor fuzz/): built for Windows, syntax only.
WIN_CHECK_SRC := $(sort $(filter-out core/platform_posix%.c, \
                   $(wildcard core/*.c cmd/*.c probes/*.c collectors/*.c collectors/*/*.c kb/*.c \
                              tools/win/*.c tests/win32/wt_*.c)))
windows-check:
	@sh tools/win/check.sh $(WIN_CC) $(WIN_BUILD)/check-include $(WIN_CHECK_SRC)

-include $(shell find $(WIN_BUILD) -name '*.d' 2>/dev/null)

# ---------------------------------------------------------------------------
# The complete program, build/win/oqsdiag.exe, linked statically against the
# libraries tools/win/deps.sh cross-builds from Debian's source packages
# into a prefix outside the clone. `make windows` runs the script (it prints
# the prefix; seconds when it is cached) and builds with WIN_PREFIX set.
WIN_PKGS := libcares libcurl openssl libpcre2-8 expat jansson libarchive zlib
WF       := $(WIN_BUILD)/full
ifdef WIN_PREFIX
WIN_PKG        := PKG_CONFIG_LIBDIR=$(WIN_PREFIX)/lib/pkgconfig PKG_CONFIG_PATH= pkg-config --static
WIN_FULL_CFLAGS = $(WIN_CFLAGS) -DCURL_STATICLIB -DPCRE2_STATIC -DXML_STATIC -DCARES_STATICLIB \
                  -DLIBARCHIVE_STATIC $(patsubst -I%,-isystem %,$(shell $(WIN_PKG) --cflags $(WIN_PKGS)))
WIN_FULL_LIBS   = -static $(shell $(WIN_PKG) --libs $(WIN_PKGS)) -lpthread -lcrypt32 -lshell32 \
                  -lole32 -luuid -ladvapi32 -lws2_32 -lbcrypt -liphlpapi -luser32 -lwinhttp -lsecur32
WIN_CMOCKA      = $(shell $(WIN_PKG) --libs cmocka)
endif
WIN_GEN_OBJ  := $(patsubst $(BUILD)/gen/%,$(WF)/gen/%,$(filter $(BUILD)/gen/%,$(LIB_OBJ)))
WIN_FULL_OBJ := $(patsubst %.c,$(WF)/%.o,$(LIB_SRC) $(sort $(wildcard core/platform_win32*.c))) \
                $(WIN_GEN_OBJ)
WIN_FULL_LIB := $(WF)/liboqsdiag.a
# The cmocka suite for Windows: every test but those whose test code itself
# needs Linux (the program's code under test is the same).
# Start Linux servers (tests/probes/harness.sh: dnsmasq, chronyd, squid,
# openssl s_server; faultserv):
WIN_TEST_SKIP := tests/probes/test_dns.c tests/probes/test_ntp.c tests/probes/test_proxy.c \
                 tests/probes/test_tls.c tests/probes/test_probes_run.c \
                 tests/probes/test_dns_system.c tests/probes/test_http.c tests/faults/test_fault_matrix.c
# fork/waitpid/kill of child processes, getrusage, a pty, glibc's malloc
# replaced:
WIN_TEST_SKIP += tests/probes/test_net_init.c tests/faults/test_logscan_bounds.c \
                 tests/bundle/test_collect_killed.c tests/cmd/test_pfx_prompt.c \
                 tests/torture/test_alloc_torture.c
# symlink, mkfifo:
WIN_TEST_SKIP += tests/bundle/test_needles.c tests/core/test_source.c tests/bundle/test_odd_inputs.c
# memory measured with setrlimit(RLIMIT_AS) or glibc's mallinfo2:
WIN_TEST_SKIP += tests/faults/test_memory_bounds.c tests/collectors/test_events.c
# the POSIX shell and Linux tools (make, bash, dpkg-deb, mandoc, cp, sed),
# fnmatch:
WIN_TEST_SKIP += tests/cmd/test_build.c tests/cmd/test_man_lint.c tests/reports/test_install.c \
                 tests/collectors/test_creds_reconcile.c tests/collectors/test_layout.c
# reads on Linux what Wine wrote:
WIN_TEST_SKIP += tests/win32/test_wine_snapshot.c
# the guard of the POSIX suite (tests/support/netguard.c):
WIN_TEST_SKIP += tests/probes/test_netguard.c
# glibc's fopencookie records each write (the program's code is the same):
WIN_TEST_SKIP += tests/cmd/test_whole_chars.c
WIN_TEST_SRC  := $(filter-out $(WIN_TEST_SKIP),$(TEST_SRC))
WIN_TEST_EXE  := $(patsubst tests/%.c,$(WF)/tests/%.exe,$(WIN_TEST_SRC))
WIN_TSUP_OBJ  := $(patsubst %.c,$(WF)/%.o,$(filter-out tests/support/childproc.c tests/support/faultserv.c \
                   tests/support/netguard.c, \
                   $(TEST_SUPPORT)) tests/win32/posix_env.c)
# cmocka's print_error is declared printf (the Microsoft one on MinGW) but
# its callers pass %zu; the tests also call setenv (tests/win32/posix_env.h).
WIN_TEST_CFLAGS = $(WIN_FULL_CFLAGS) -Wno-format -include tests/win32/posix_env.h -Itests/support \
                  -DOQS_SOURCE_DIR='"$(CURDIR)"' -DOQS_BUILD_DIR='"$(abspath $(WF))"'

.PHONY: windows-full windows-full-tests
windows:
	@prefix=$$(sh tools/win/deps.sh) && \
	    $(MAKE) --no-print-directory WIN_PREFIX="$$prefix" windows-full

windows-full: $(WIN_BUILD)/oqsdiag.exe

$(WF)/%.o: %.c
	@mkdir -p $(dir $@)
	$(WIN_CC) $(WIN_FULL_CFLAGS) -c $< -o $@

# The generated sources (the embedded KB and repairs) are made on Linux.
$(WF)/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(dir $@)
	$(WIN_CC) $(WIN_FULL_CFLAGS) -c $< -o $@

$(WIN_FULL_LIB): $(filter-out $(WF)/core/platform_win32%,$(WIN_FULL_OBJ))
	@rm -f $@
	x86_64-w64-mingw32-ar rcs $@ $^

$(WIN_BUILD)/oqsdiag.exe: $(WF)/cmd/main.o $(WIN_FULL_LIB) $(filter $(WF)/core/platform_win32%,$(WIN_FULL_OBJ))
	$(WIN_CC) -o $@ $^ $(WIN_FULL_LIBS)

$(WF)/tests/support/%.o: tests/support/%.c
	@mkdir -p $(dir $@)
	$(WIN_CC) $(WIN_TEST_CFLAGS) -c $< -o $@

$(WF)/tests/win32/posix_env.o: tests/win32/posix_env.c
	@mkdir -p $(dir $@)
	$(WIN_CC) $(WIN_FULL_CFLAGS) -c $< -o $@

$(WF)/tests/%.exe: tests/%.c $(WIN_FULL_LIB) $(WIN_TSUP_OBJ) $(filter $(WF)/core/platform_win32%,$(WIN_FULL_OBJ))
	@mkdir -p $(dir $@)
	$(WIN_CC) $(WIN_TEST_CFLAGS) $< -o $@ $(WIN_TSUP_OBJ) $(WIN_FULL_LIB) \
	    $(filter $(WF)/core/platform_win32%,$(WIN_FULL_OBJ)) $(WIN_CMOCKA) $(WIN_FULL_LIBS)

# What the tests run as programs (OQS_BUILD_DIR/oqsdiag, .../tools/gen_log;
# plat_run adds ".exe"): the program linked once, and gen_log with its
# stdout in binary mode (tests/win32/binary_stdout.c), "\n" as on Linux.
$(WF)/oqsdiag.exe: $(WIN_BUILD)/oqsdiag.exe
	ln -f $< $@

$(WF)/tools/gen_log.exe: tools/gen_log.c tests/win32/binary_stdout.c
	@mkdir -p $(dir $@)
	$(WIN_CC) -std=c11 -Wall -Wextra -Wpedantic $(WERRFLAG) -O2 $^ -o $@ -static

# tools/win/wine-full.sh runs the programs the list names (a program left
# from before a test joined WIN_TEST_SKIP does not run).
windows-full-tests: $(WIN_BUILD)/oqsdiag.exe $(WF)/oqsdiag.exe $(WF)/tools/gen_log.exe $(WIN_TEST_EXE)
	@printf '%s\n' $(abspath $(WIN_TEST_EXE)) > $(WF)/tests/list
