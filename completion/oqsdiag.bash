# bash completion for oqsdiag(1). Installed by `make install` into
# $(PREFIX)/share/bash-completion/completions/oqsdiag.
_oqsdiag()
{
    local cur prev words cword
    if declare -F _init_completion >/dev/null 2>&1; then
        _init_completion || return
    else
        COMPREPLY=()
        cur=${COMP_WORDS[COMP_CWORD]}
        prev=${COMP_WORDS[COMP_CWORD-1]}
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
    fi

    # Commands and probes come from oqsdiag itself (its command table and
    # probe registry), so this file never lists them.
    local commands
    commands=$(oqsdiag --lang en help 2>/dev/null | awk '/^  [a-z][a-z_-]* /{print $1}')
    local globals="--lang --json --format --config --set --kb -o --output -t --timeout -q --quiet -v --verbose -h --help --version -V --color --problems"

    case $prev in
        --lang) COMPREPLY=($(compgen -W "ja en" -- "$cur")); return ;;
        --color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
        --format) COMPREPLY=($(compgen -W "text json nagios prometheus html" -- "$cur")); return ;;
        --config|-o|--output) COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --kb|--from) COMPREPLY=($(compgen -d -- "$cur")); return ;;
        --set)
            local keys
            keys=$(oqsdiag help config 2>/dev/null | awk '/^  [a-z_.]+ /{print $1"="}')
            COMPREPLY=($(compgen -W "$keys" -- "$cur"))
            compopt -o nospace 2>/dev/null
            return ;;
        -w|-c|-t|--timeout|--jobs) return ;;
    esac

    # The command is the first word that is not an option or an option's value.
    local cmd="" i
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
            --lang|--color|--format|--config|--set|--kb|-o|--output|-t|--timeout|--from|--jobs|-w|-c) ((i++)) ;;
            -*) ;;
            *) cmd=${words[i]}; break ;;
        esac
    done

    if [[ $cur == -* ]]; then
        # A command's own options: the "options:" section of its help,
        # printed from its option table (cmd/options.def).
        local extra=""
        [[ -n $cmd ]] && extra=$(oqsdiag --lang en help "$cmd" 2>/dev/null | awk '
            /^options:/ {f = 1; next} /^$/ {f = 0}
            f && /^  -/ {s = substr($0, 3); sub(/  .*/, "", s); n = split(s, a, ", ");
                         for (k = 1; k <= n; k++) {split(a[k], w, " "); print w[1]}}')
        COMPREPLY=($(compgen -W "$globals $extra" -- "$cur"))
        return
    fi

    case $cmd in
        "") COMPREPLY=($(compgen -W "$commands" -- "$cur")) ;;
        probe) COMPREPLY=($(compgen -W "$(oqsdiag --lang en help probe 2>/dev/null |
                                           awk '/^  [a-z][a-z_-]* /{print $1}')" -- "$cur")) ;;
        analyze|verify) COMPREPLY=($(compgen -f -- "$cur")) ;;
        fix) COMPREPLY=($(compgen -W "$(oqsdiag fix --list 2>/dev/null | awk '{print $1}')" -- "$cur")) ;;
        kb)
            local sub="" j
            for ((j = i + 1; j < cword; j++)); do
                [[ ${words[j]} != -* ]] && { sub=${words[j]}; break; }
            done
            case $sub in
                "") COMPREPLY=($(compgen -W "list show search lint findings" -- "$cur")) ;;
                show) COMPREPLY=($(compgen -W "$(oqsdiag kb list 2>/dev/null | awk '{print $1}')" -- "$cur")) ;;
                lint) COMPREPLY=($(compgen -d -- "$cur")) ;;
            esac ;;
        help) COMPREPLY=($(compgen -W "$commands config" -- "$cur")) ;;
    esac
}
complete -F _oqsdiag oqsdiag
