# Windows (docs/windows.md): `make windows` cross-builds the Win32 platform
# layer and oqsdiag-collect.exe with mingw-w64; `make windows-test` runs
# their tests under Wine (part of `make test` when both are installed);
# `make windows-check` compiles every source file for Windows.

WIN_CC     ?= x86_64-w64-mingw32-gcc
WINE       ?= /usr/lib/wine/wine64
WIN_BUILD  ?= build/win
WIN_CFLAGS := -std=c11 -Wall -Wextra -Wpedantic $(WERRFLAG) -O2 -g -I. -D_WIN32_WINNT=0x0A00 \
              -D__USE_MINGW_ANSI_STDIO=1 -MMD -MP
WIN_LIBS   := -static -lcrypt32 -lshell32 -lole32 -luuid -ladvapi32 -lws2_32
# What needs only Win32 and the C library: no jansson, curl, OpenSSL...
# (Debian has no mingw-w64 builds of them). live_nolib.c stands in for the
# two layout files that need jansson and expat.
WIN_SRC    := $(sort $(wildcard core/platform_win32*.c)) core/buf.c core/err.c core/config.c \
              core/encoding.c collectors/layout.c collectors/sources/live.c collectors/sources/live_creds.c \
              tools/win/live_nolib.c collectors/sources/live_events.c collectors/parsers/text.c
WIN_OBJ    := $(WIN_SRC:%.c=$(WIN_BUILD)/%.o)
WIN_TESTS  := $(WIN_BUILD)/tests/wt_platform.exe $(WIN_BUILD)/tests/wt_emit.exe
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

# The snapshot the collector writes under Wine stays in $(WIN_BUILD)/snapshot.
windows-test: $(WIN_TESTS)
	@sh tools/win/wine-test.sh $(WIN_BUILD)/tests tests/fixtures/win32 $(WIN_BUILD)/snapshot

# `make test` runs the Wine tests through tests/run.sh as one more test
# program; without Wine or the cross compiler it reports them skipped. The
# snapshot it writes is kept in $(BUILD)/win-snapshot for
# tests/win32/test_wine_snapshot.c, which runs next.
test-run: $(BUILD)/tests/win32/test_wine
$(BUILD)/tests/win32/test_wine: tools/win/wine-test.sh $(if $(WIN_HAVE),$(WIN_TESTS))
	@mkdir -p $(dir $@)
	@printf '#!/bin/sh\nexec sh "%s/tools/win/wine-test.sh" "%s" "%s/tests/fixtures/win32" "%s"\n' \
	    "$(CURDIR)" "$(abspath $(WIN_BUILD)/tests)" "$(CURDIR)" "$(abspath $(BUILD))/win-snapshot" > $@
	@chmod +x $@


# Every file of the program (not the Linux-only test servers under tests/ and
# tools/, nor fuzz/): built for Windows, syntax only.
WIN_CHECK_SRC := $(sort $(filter-out core/platform_posix%.c, \
                   $(wildcard core/*.c cmd/*.c probes/*.c collectors/*.c collectors/*/*.c kb/*.c \
                              tools/win/*.c tests/win32/wt_*.c)))
windows-check:
	@sh tools/win/check.sh $(WIN_CC) $(WIN_BUILD)/check-include $(WIN_CHECK_SRC)

-include $(shell find $(WIN_BUILD) -name '*.d' 2>/dev/null)
