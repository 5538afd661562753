# bash completion for kcplan: commands, each command's options (read from its --help, so they never
# drift), and for an option's value the files, folders or words it takes.
_kcplan() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]} kcplan=${COMP_WORDS[0]}
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "solve check compare sweep gap proposal report export init --help --version" -- "$cur"))
    return
  fi
  case $prev in
  -s | --scenario) COMPREPLY=($(compgen -f -X '!*.json' -- "$cur") $(compgen -d -- "$cur")) ;;
  --actuals | --baseline) COMPREPLY=($(compgen -f -X '!*.csv' -- "$cur") $(compgen -d -- "$cur")) ;;
  -o | --out | --lp | --mps) COMPREPLY=($(compgen -f -- "$cur")) ;;
  -l | --lang) COMPREPLY=($(compgen -W "vi en" -- "$cur")) ;;
  -f | --format) COMPREPLY=($(compgen -W "table csv json" -- "$cur")) ;;
  --timing) COMPREPLY=($(compgen -W "exact 2000" -- "$cur")) ;;
  --stage) COMPREPLY=($(compgen -W "1 2 3 4 max_shortfall attainment spend source_preference timing" -- "$cur")) ;;
  -y | --year | -t | --time-limit | --merit | -j | --jobs | --shard | --source | --min-score | -v | --vary | --sweep)
    COMPREPLY=() ;;
  *)
    if [[ $cur == -* ]]; then
      local opts
      opts=$("$kcplan" "${COMP_WORDS[1]}" --help 2>/dev/null | grep -oE -- '--[a-z][a-z-]*' | sort -u)
      COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    else
      COMPREPLY=($(compgen -d -- "$cur")) # a MODEL folder
    fi
    ;;
  esac
}
complete -o filenames -F _kcplan kcplan
