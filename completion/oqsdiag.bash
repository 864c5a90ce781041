# bash completion for oqsdiag(1). Installed by `make install` into
# $(PREFIX)/share/bash-completion/completions/oqsdiag.
#
# Every command, option (which take a value, and what kind), subcommand,
# probe and configuration key comes from oqsdiag itself (`oqsdiag help
# --completion`, printed from its tables: cmd/dispatch.c, cmd/options.def,
# the probe registry, core/config_keys.def), so this file lists none of them.
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

    local commands="" probes="" keys="" tag a b c d rest
    local -A takes kind choices subs subkind args
    while read -r tag a b c d rest; do
        case $tag in
            command) commands+=" $a" ;;
            option) takes[$a:$b]=$c; kind[$a:$b]=$d; choices[$a:$b]=$rest ;;
            sub) subs[$a]+=" $b"; subkind[$a:$b]=$c ;;
            args) args[$a]=$b ;;
            probe) probes+=" $a" ;;
            key) keys+=" $a=" ;;
        esac
    done < <(oqsdiag help --completion 2>/dev/null)

    # The command is the first word that is not an option or an option's
    # value; its subcommand the next such word.
    local cmd="" sub="" i w
    for ((i = 1; i < cword; i++)); do
        w=${words[i]}
        if [[ $w == -* ]]; then
            [[ $w != *=* && ${takes[-:$w]:-${takes[$cmd:$w]}} == 1 ]] && ((i++))
        elif [[ -z $cmd ]]; then
            cmd=$w
        elif [[ -z $sub ]]; then
            sub=$w
        fi
    done

    # The value of an option.
    local k=-:$prev
    [[ -n ${takes[$k]} ]] || k=$cmd:$prev
    if [[ ${takes[$k]} == 1 ]]; then
        case ${kind[$k]} in
            choice) COMPREPLY=($(compgen -W "${choices[$k]}" -- "$cur")) ;;
            file) COMPREPLY=($(compgen -f -- "$cur")) ;;
            dir) COMPREPLY=($(compgen -d -- "$cur")) ;;
            key) COMPREPLY=($(compgen -W "$keys" -- "$cur")); compopt -o nospace 2>/dev/null ;;
        esac
        return
    fi

    if [[ $cur == -* ]]; then
        local opts=""
        for k in "${!takes[@]}"; do
            [[ ${k%%:*} == - || (-n $cmd && ${k%%:*} == "$cmd") ]] && opts+=" ${k#*:}"
        done
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return
    fi

    if [[ -n $cmd && -n ${subs[$cmd]} ]]; then
        if [[ -z $sub ]]; then
            COMPREPLY=($(compgen -W "${subs[$cmd]}" -- "$cur"))
            return
        fi
        case ${subkind[$cmd:$sub]} in
            id) COMPREPLY=($(compgen -W "$(oqsdiag "$cmd" list 2>/dev/null | awk '{print $1}')" -- "$cur")) ;;
            file) COMPREPLY=($(compgen -f -- "$cur")) ;;
            dir) COMPREPLY=($(compgen -d -- "$cur")) ;;
        esac
        return
    fi

    [[ -z $cmd ]] && { COMPREPLY=($(compgen -W "$commands" -- "$cur")); return; }
    case ${args[$cmd]} in
        path) COMPREPLY=($(compgen -f -- "$cur")) ;;
        probe) COMPREPLY=($(compgen -W "$probes" -- "$cur")) ;;
        repair) COMPREPLY=($(compgen -W "$(oqsdiag fix --list 2>/dev/null | awk '{print $1}')" -- "$cur")) ;;
        topic) COMPREPLY=($(compgen -W "$commands config" -- "$cur")) ;;
    esac
}
complete -F _oqsdiag oqsdiag
